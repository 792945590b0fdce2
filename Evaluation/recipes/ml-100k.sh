#!/usr/bin/env bash
# The zero-shot-ranker protocol on MovieLens-100k: the last 20 items before each user's held-out last
# interaction as history, the target plus 19 random unseen movies as candidates, NDCG@K against baselines.
#
#   Evaluation/recipes/ml-100k.sh [USERS] [REPORT_DIR] [extra eval flags...]
#
# USERS defaults to 200 and REPORT_DIR to Evaluation/reports/ml-100k. Configurations: listwise with every prompt
# family, votes 1 and 5, fusion 0 and 0.5; pointwise and pairwise with votes 1, fusion 0 and 0.5; the position sweep
# for listwise/sequential with votes 1 and 5. Fusion changes no prompt, so its calls come from the cache.
# Answers are cached, so a rerun is free and an interrupted run continues where it stopped. Runs against
# endpoint.base_url (by default the local llama-server: scripts/llama-server.sh start); on a small local model
# the full recipe takes hours. RERANK_AGENT_BIN names an already built binary (else a release build is made);, `Evaluation/recipes/ml-100k.sh 10` shows the machinery in minutes.
set -euo pipefail

cd "$(dirname "$0")/../.."
USERS="${1:-200}"
REPORT="${2:-Evaluation/reports/ml-100k}"
shift $(( $# > 2 ? 2 : $# ))

CACHE_DIR="${RERANK_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rerank-agent}"
DATA_DIR="$(Evaluation/fetch-movielens.sh)"
LISTS="$CACHE_DIR/eval/ml-100k-$USERS-users.jsonl"
mkdir -p "$(dirname "$LISTS")"

BIN="${RERANK_AGENT_BIN:-}"
if [ -z "$BIN" ]; then
  swift build -c release --product rerank-agent >&2
  BIN=.build/release/rerank-agent
fi

"$BIN" eval build --inter "$DATA_DIR/ml-100k.inter" --users "$USERS" --history 20 --list-size 20 --seed 0 --output "$LISTS"
configurations=()
for prompt in sequential recency icl palr; do
  for votes in 1 5; do
    for fusion in 0 0.5; do
      sweep=false
      if [ "$prompt" = sequential ] && [ "$fusion" = 0 ]; then sweep=true; fi
      configurations+=(--configuration "strategy=listwise,prompt=$prompt,votes=$votes,fusion=$fusion,sweep=$sweep")
    done
  done
done
for strategy in pointwise pairwise; do
  for fusion in 0 0.5; do
    configurations+=(--configuration "strategy=$strategy,prompt=sequential,votes=1,fusion=$fusion")
  done
done

"$BIN" eval --lists "$LISTS" "${configurations[@]}" --report "$REPORT" "$@"
