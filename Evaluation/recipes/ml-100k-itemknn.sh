#!/usr/bin/env bash
# The LLM against a trained ranker on MovieLens-100k: item-kNN, trained on the training part of the
# leave-last-out split, gives each user's top 20 candidates (its order and scores are the upstream baseline and
# what fusion uses); the held-out item is inserted where the ranker missed it (ground truth guaranteed), and the
# ranker's own 50-deep run is scored beside it as run:itemknn (no guarantee: its honest recall).
#
#   Evaluation/recipes/ml-100k-itemknn.sh [USERS] [REPORT_DIR] [extra eval flags...]
#
# USERS defaults to 40 and REPORT_DIR to Evaluation/reports/ml-100k-itemknn-40-users. The data, the ranker's run
# and the lists stay in the cache. RERANK_AGENT_BIN names an already built binary (else a release build is made).
set -euo pipefail

cd "$(dirname "$0")/../.."
USERS="${1:-40}"
REPORT="${2:-Evaluation/reports/ml-100k-itemknn-$USERS-users}"
shift $(( $# > 2 ? 2 : $# ))

CACHE_DIR="${RERANK_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rerank-agent}"
DATA_DIR="$(Evaluation/fetch-movielens.sh)"
RUN="$CACHE_DIR/rankers/ml-100k-itemknn.run"
LISTS="$CACHE_DIR/eval/ml-100k-itemknn-$USERS-users.jsonl"
mkdir -p "$(dirname "$RUN")" "$(dirname "$LISTS")"

BIN="${RERANK_AGENT_BIN:-}"
if [ -z "$BIN" ]; then
  swift build -c release --product rerank-agent >&2
  BIN=.build/release/rerank-agent
fi

python3 Evaluation/rankers/itemknn.py "$DATA_DIR/ml-100k.inter" "$RUN" --depth 50 --neighbours 50
"$BIN" eval build --inter "$DATA_DIR/ml-100k.inter" --candidates "$RUN" --users "$USERS" --list-size 20 --history 20 \
  --seed 0 --output "$LISTS"
"$BIN" eval --lists "$LISTS" \
  --configuration 'strategy=listwise,prompt=sequential,votes=1,fusion=0' \
  --configuration 'strategy=listwise,prompt=sequential,votes=1,fusion=0.5' \
  --run "itemknn=$RUN" --cache "$CACHE_DIR/eval/itemknn-report.sqlite" --concurrency 4 --report "$REPORT" "$@"
