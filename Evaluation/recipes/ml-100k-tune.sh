#!/usr/bin/env bash
# `eval tune` on the MovieLens-100k lists of the small-model report, with the default local model
# (Qwen2.5-Coder-1.5B-Instruct): the first LISTS popularity lists (default 100), the first half tuning and the second
# half confirming (--split in-order, the halves the small-model report's sweep and held-out test used), candidates
# pointwise and listwise first-token logits under a budget of 30 calls per list, fusion weights 0 to 0.95 by both blends.
#
#   Evaluation/recipes/ml-100k-tune.sh [LISTS]
#
# Writes Evaluation/reports/ml-100k-tune/ (report.md, tuning-curves.svg, tuned.yaml). Answers are cached in
# CACHE (default eval/tune-ml-100k.sqlite in the rerank-agent cache folder), so a rerun asks nothing and an
# interrupted run continues. The server must serve the 1.5B model at BASE_URL (default http://127.0.0.1:8013/v1):
#   RERANK_AGENT_LOCAL_MODEL=qwen2.5-coder-1.5b RERANK_AGENT_SERVER_PORT=8013 RERANK_AGENT_SERVER_PARALLEL=4 \
#     scripts/llama-server.sh start
set -euo pipefail
cd "$(dirname "$0")/../.."
LISTS="${1:-100}"
REPORT="${REPORT:-Evaluation/reports/ml-100k-tune}"
BASE_URL="${BASE_URL:-http://127.0.0.1:8013/v1}"
MODEL="${MODEL:-Qwen2.5-Coder-1.5B-Instruct}"
CACHE_DIR="${RERANK_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rerank-agent}"
CACHE="${CACHE:-$CACHE_DIR/eval/tune-ml-100k.sqlite}"
POP="$CACHE_DIR/eval/ml-100k-200-users.jsonl"
BIN="${RERANK_AGENT_BIN:-}"
if [ -z "$BIN" ]; then
  swift build -c release --product rerank-agent >&2
  BIN=.build/release/rerank-agent
fi
mkdir -p "$(dirname "$POP")"
if [ ! -s "$POP" ]; then
  DATA_DIR="$(Evaluation/fetch-movielens.sh)"
  "$BIN" eval build --inter "$DATA_DIR/ml-100k.inter" --users 200 --seed 0 --output "$POP"
fi
mkdir -p "$REPORT"
"$BIN" eval tune --lists "$POP" --limit "$LISTS" --split in-order --tuning-share 0.5 \
  --base-url "$BASE_URL" --model "$MODEL" \
  --candidate strategy=pointwise --candidate strategy=listwise,scoring=logits --budget calls=30 \
  --cache "$CACHE" --concurrency 2 --set endpoint.request_timeout_s=900 --set endpoint.max_concurrent_calls=4 \
  --output "$REPORT/tuned.yaml" --report "$REPORT" > /dev/null
echo "report in $REPORT" >&2
