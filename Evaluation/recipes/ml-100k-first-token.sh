#!/usr/bin/env bash
# Ranking that small models can do, on MovieLens-100k with the local Qwen2.5-Coder-1.5B-Instruct:
# first-token label scoring beside listwise generation, each alone on lists without upstream signal, and
# first-token scoring fused with the upstream (popularity) scores by both blends.
#
#   Evaluation/recipes/ml-100k-first-token.sh [LISTS_USED] [REPORT_DIR]
#
# Lists: `eval build` defaults on 200 users (history 20, 20 candidates: the target and 19 random unseen movies,
# scored by training-part popularity), and the same lists with the candidates shuffled and unscored
# (strip_upstream_signal.py, seed 7) for "alone". LISTS_USED (default 30) of them are ranked. The server must be
# serving the 1.5B model: RERANK_AGENT_LOCAL_MODEL=qwen2.5-coder-1.5b scripts/llama-server.sh start (it may run on
# its own port; set BASE_URL). Answers are cached, so a rerun is free and an interrupted run continues.
set -euo pipefail
cd "$(dirname "$0")/../.."
USED="${1:-30}"
REPORT="${2:-Evaluation/reports/ml-100k-first-token}"
BASE_URL="${BASE_URL:-http://127.0.0.1:8012/v1}"
MODEL="${MODEL:-Qwen2.5-Coder-1.5B-Instruct}"

CACHE_DIR="${RERANK_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rerank-agent}"
DATA_DIR="$(Evaluation/fetch-movielens.sh)"
POP="$CACHE_DIR/eval/ml-100k-200-users.jsonl"
NONE="$CACHE_DIR/eval/ml-100k-200-users-no-signal.jsonl"
mkdir -p "$(dirname "$POP")" "$REPORT"

BIN="${RERANK_AGENT_BIN:-}"
if [ -z "$BIN" ]; then
  swift build -c release --product rerank-agent >&2
  BIN=.build/release/rerank-agent
fi
"$BIN" eval build --inter "$DATA_DIR/ml-100k.inter" --users 200 --history 20 --list-size 20 --seed 0 --output "$POP"
python3 Evaluation/recipes/strip_upstream_signal.py "$POP" "$NONE" --seed 7

# Two lists at a time against a 2-slot server, with room for a busy CPU.
common=(--base-url "$BASE_URL" --model "$MODEL" --concurrency 2 --set endpoint.request_timeout_s=900
        --set endpoint.max_concurrent_calls=2 --limit "$USED")
"$BIN" eval run "${common[@]}" --lists "$NONE" --configuration "strategy=listwise,scoring=logits,votes=1" \
  --report "$REPORT/alone-logits" >/dev/null
"$BIN" eval run "${common[@]}" --lists "$NONE" --configuration "strategy=listwise,votes=1,structured=true" \
  --report "$REPORT/alone-generate" >/dev/null
"$BIN" eval run "${common[@]}" --lists "$POP" \
  --configuration "strategy=listwise,scoring=logits,votes=1" \
  --configuration "strategy=listwise,scoring=logits,votes=1,fusion=0.5" \
  --configuration "strategy=listwise,scoring=logits,votes=1,fusion=0.5,fusion_mode=score" \
  --report "$REPORT/fused-logits" >/dev/null
echo "reports in $REPORT" >&2
