#!/usr/bin/env bash
# The text-quality report on the endpoint configured (by default the local llama-server):
#
#   Evaluation/quality/run-report.sh [REPORT_DIR] [ADS] [LISTS]
#
# ADS: how many of Evaluation/samples/ads.jsonl's ads (all by default), or a comma-separated list of their ids, written 2 per ad from 6 candidates a
# round (more than are kept, for the rules and the reward scorer to choose from), 2 rounds at most (the lines' own
# count/candidates are dropped so every ad costs the same).
# LISTS: how many lists of the seeded 50-user MovieLens-100k sample, first first (50 by default), 2 reasons each for the first 2 candidates, 3 calls at most (the shipped default; earlier reports used 2).
# Outputs, the independent completeness check, the independent check of reasons against the item data
# (check_reasons.py), the independent check of the creatives' language (check_language.py) and report.md/report.json go to REPORT_DIR
# (Evaluation/reports/text-quality). RERANK_AGENT_BIN names a built binary (else a debug build is made).
# Extra flags for both jobs can be given in EXTRA (e.g. EXTRA="--judge").
set -euo pipefail
cd "$(dirname "$0")/../.."
REPORT="${1:-Evaluation/reports/text-quality}"
ADS="${2:-1000}"
LISTS="${3:-50}"
mkdir -p "$REPORT"
BIN="${RERANK_AGENT_BIN:-}"
if [ -z "$BIN" ]; then
  swift build --product rerank-agent >&2
  BIN=.build/debug/rerank-agent
fi
export RERANK_AGENT_HOME="$PWD"
SLOW=(--set endpoint.request_timeout_s=900 --set endpoint.max_retries=0)

python3 - "$ADS" "$REPORT/ads.jsonl" <<'PY'
import json, sys
wanted, out = sys.argv[1], sys.argv[2]
with open("Evaluation/samples/ads.jsonl", encoding="utf-8") as source, open(out, "w", encoding="utf-8") as sink:
    ads = [json.loads(line) for line in source]
    ads = ads[: int(wanted)] if wanted.isdigit() else [ad for ad in ads if ad["id"] in wanted.split(",")]
    for ad in ads:
        constraints = {k: v for k, v in (ad.get("constraints") or {}).items() if k not in ("count", "candidates")}
        ad.pop("constraints", None)
        if constraints:
            ad["constraints"] = constraints
        sink.write(json.dumps(ad, ensure_ascii=False) + "\n")
PY
DATA_DIR="$(Evaluation/fetch-movielens.sh)"
"$BIN" eval build --inter "$DATA_DIR/ml-100k.inter" --users 50 --history 10 --list-size 20 --seed 0 --output "$REPORT/ml-lists.jsonl"
head -n "$LISTS" "$REPORT/ml-lists.jsonl" > "$REPORT/ml-lists.head.jsonl"
python3 Evaluation/quality/make_reason_lists.py "$REPORT/ml-lists.head.jsonl" "$REPORT/lists.jsonl" --items 2 --count 2
rm -f "$REPORT/ml-lists.head.jsonl"
rm -f "$REPORT/ml-lists.jsonl"

"$BIN" creatives --input "$REPORT/ads.jsonl" --output "$REPORT/creatives.jsonl" --concurrency 2 --count 2 --candidates 6 \
  --max-rounds 2 "${SLOW[@]}" ${EXTRA:-} > "$REPORT/creatives.summary.json" &
"$BIN" reasons --input "$REPORT/lists.jsonl" --output "$REPORT/reasons.jsonl" --concurrency 2 --count 2 --max-rounds 3 \
  "${SLOW[@]}" ${EXTRA:-} > "$REPORT/reasons.summary.json" &
wait

python3 Evaluation/quality/check_completeness.py "$REPORT/creatives.jsonl" --json > "$REPORT/check-creatives.json" || true
python3 Evaluation/quality/check_completeness.py "$REPORT/reasons.jsonl" --input "$REPORT/lists.jsonl" --json > "$REPORT/check-reasons.json" || true
python3 Evaluation/quality/check_completeness.py "$REPORT/creatives.jsonl" --json --include-rejected > "$REPORT/check-creatives-all.json" || true
python3 Evaluation/quality/check_completeness.py "$REPORT/reasons.jsonl" --input "$REPORT/lists.jsonl" --json --include-rejected > "$REPORT/check-reasons-all.json" || true
python3 Evaluation/quality/check_reasons.py "$REPORT/reasons.jsonl" --input "$REPORT/lists.jsonl" --json > "$REPORT/check-reason-facts.json" || true
python3 Evaluation/quality/check_language.py "$REPORT/ads.jsonl" "$REPORT/creatives.jsonl" --json > "$REPORT/check-language.json" || true
python3 Evaluation/quality/report.py --ads "$REPORT/ads.jsonl" --creatives "$REPORT/creatives.jsonl" --lists "$REPORT/lists.jsonl" \
  --reasons "$REPORT/reasons.jsonl" --check-creatives "$REPORT/check-creatives.json" --check-reasons "$REPORT/check-reasons.json" \
  --check-creatives-all "$REPORT/check-creatives-all.json" --check-reasons-all "$REPORT/check-reasons-all.json" --check-reason-facts "$REPORT/check-reason-facts.json" --check-language "$REPORT/check-language.json" --creatives-count 2 --out "$REPORT"
cat "$REPORT/report.md"
