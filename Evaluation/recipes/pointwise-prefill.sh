#!/usr/bin/env bash
# Pointwise prefill: what scheduling a list's pointwise calls costs, side by side on the same lists and server.
#
#   Evaluation/recipes/pointwise-prefill.sh timing     the schedules, one list in flight and four, runs alternated
#   Evaluation/recipes/pointwise-prefill.sh quality    yes/no and graded pointwise on the first QUALITY_LISTS lists
#   Evaluation/recipes/pointwise-prefill.sh main-job   the README's main job: the sample requests by the default
#                                                      strategy against the listwise ones they replaced, wall time
#   Evaluation/recipes/pointwise-prefill.sh table      REPORT/README's figures from the runs' report.json files
#
# timing: for ROUNDS rounds, with 1 and with 4 lists in flight (`eval run --concurrency`), every schedule in
# SCHEDULES (`rerank.pointwise_concurrency`: 0 starts a list's calls at once, as before; 1 runs them warm and one at
# a time) on the first TIMING_LISTS no-signal MovieLens-100k lists, each run with an empty response cache so every
# call reaches the server, and each on a freshly started server (scripts/llama-server.sh on BASE_URL's port): its
# host-memory prompt cache would otherwise serve one run's prefixes to the next. The schedules' order flips each round. Four calls in flight at most
# (`endpoint.max_concurrent_calls=4`) against a 4-slot server, as `serve` and `eval` run by default.
# quality: both scales on the first QUALITY_LISTS lists, answers cached (an interrupted run continues).
# The server must serve the default local model, with the flags scripts/llama-server.sh starts it with:
#   RERANK_AGENT_LOCAL_MODEL=qwen2.5-coder-1.5b RERANK_AGENT_SERVER_PORT=8014 scripts/llama-server.sh start
# (a port of its own: the timing step restarts it).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPORT="${REPORT:-Evaluation/reports/pointwise-prefill}"
BASE_URL="${BASE_URL:-http://127.0.0.1:8014/v1}"
MODEL="${MODEL:-Qwen2.5-Coder-1.5B-Instruct}"
ROUNDS="${ROUNDS:-1}"
TIMING_LISTS="${TIMING_LISTS:-8}"
QUALITY_LISTS="${QUALITY_LISTS:-50}"
SCHEDULES="${SCHEDULES:-0 1}"
CACHE_DIR="${RERANK_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rerank-agent}"
NONE="$CACHE_DIR/eval/ml-100k-200-users-scores-none.jsonl"
BIN="${RERANK_AGENT_BIN:-}"
if [ -z "$BIN" ]; then
  swift build -c release --product rerank-agent >&2
  BIN=.build/release/rerank-agent
fi
if [ ! -s "$NONE" ]; then
  DATA_DIR="$(Evaluation/fetch-movielens.sh)"
  mkdir -p "$(dirname "$NONE")"
  "$BIN" eval build --inter "$DATA_DIR/ml-100k.inter" --users 200 --seed 0 --scores none --output "$NONE"
fi
common=(--base-url "$BASE_URL" --model "$MODEL" --lists "$NONE" --set endpoint.request_timeout_s=900
        --set endpoint.max_concurrent_calls=4)

restart_server() {
  local port="${BASE_URL##*:}"
  port="${port%%/*}"
  RERANK_AGENT_LOCAL_MODEL=qwen2.5-coder-1.5b RERANK_AGENT_SERVER_PORT="$port" scripts/llama-server.sh stop >/dev/null 2>&1 || true
  RERANK_AGENT_LOCAL_MODEL=qwen2.5-coder-1.5b RERANK_AGENT_SERVER_PORT="$port" scripts/llama-server.sh start >/dev/null
}

timing() {
  local round in_flight schedule order folder scratch
  for round in $(seq 1 "$ROUNDS"); do
    order="$SCHEDULES"
    [ $((round % 2)) -eq 0 ] && order="$(echo "$SCHEDULES" | tr ' ' '\n' | tac | tr '\n' ' ')"
    for in_flight in 1 4; do
      for schedule in $order; do
        folder="$REPORT/timing/round$round-lists$in_flight-pc$schedule"
        [ -s "$folder/report.json" ] && continue
        scratch="$(mktemp -d)"
        restart_server
        echo "round $round, $in_flight in flight, pointwise_concurrency $schedule" >&2
        "$BIN" eval run "${common[@]}" --limit "$TIMING_LISTS" --concurrency "$in_flight" --cache "$scratch/answers.sqlite" \
          --configuration "strategy=pointwise,pointwise_concurrency=$schedule" --report "$folder" >/dev/null
        rm -rf "$scratch"
      done
    done
  done
}

quality() {
  "$BIN" eval run "${common[@]}" --limit "$QUALITY_LISTS" --concurrency 4 --cache "$CACHE_DIR/eval/responses.sqlite" \
    --configuration "strategy=pointwise,pointwise_scale=yes_no,name=pointwise-yes-no" \
    --configuration "strategy=pointwise,pointwise_scale=grades,name=pointwise-grades" --report "$REPORT/quality" >/dev/null
}

# The main job's answers (`serve` on the sample requests, as scripts/demo.sh runs it) before and after the default
# changed: the listwise sample requests (Evaluation/samples/requests-listwise.jsonl, the file's former content) and
# the default-strategy ones, each on a freshly started server, alternated over ROUNDS rounds.
main_job() {
  local round file started finished
  mkdir -p "$REPORT/main-job"
  for round in $(seq 1 "$ROUNDS"); do
    for file in requests-listwise requests; do
      restart_server
      started=$(date +%s.%N)
      "$BIN" serve --base-url "$BASE_URL" --model "$MODEL" <"Evaluation/samples/$file.jsonl" >"$REPORT/main-job/$file-round$round.jsonl"
      finished=$(date +%s.%N)
      echo "{\"file\": \"$file\", \"round\": $round, \"wall_seconds\": $(python3 -c "print(round($finished - $started, 2))")}" >>"$REPORT/main-job/wall.jsonl"
    done
  done
}

[ $# -gt 0 ] || set -- timing quality main-job table
for step in "$@"; do
  case "$step" in
    timing) timing ;;
    quality) quality ;;
    main-job) main_job ;;
    table) python3 Evaluation/recipes/prefill_table.py "$REPORT" ;;
    *) echo "unknown step $step (timing, quality, main-job, table)" >&2; exit 2 ;;
  esac
done
