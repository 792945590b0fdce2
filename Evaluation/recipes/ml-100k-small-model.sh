#!/usr/bin/env bash
# Ranking that small models can do, the full protocol, on MovieLens-100k with the default local model
# (Qwen2.5-Coder-1.5B-Instruct): every strategy alone on lists without upstream signal, and fused with the
# upstream (popularity) scores by both blends, beside the random and popularity baselines.
#
#   Evaluation/recipes/ml-100k-small-model.sh [STEP ...]        (no step: all, in the order below)
#
# Steps, each an `eval run` into its own folder of REPORT (default Evaluation/reports/ml-100k-small-model):
#   alone-logits     listwise, first-token logits, votes 1                        LISTS_MANY lists (default 100)
#   fused-logits     the same on the popularity lists: shown in popularity order, fused by rank and by score
#   alone-pointwise  pointwise P(yes)                                             LISTS_FEW lists (default 50)
#   fused-pointwise  the same, fused by rank and by score (pointwise prompts do not depend on the shown order,
#                    so these calls are the alone run's, answered from the cache)
#   fusion-sweep     pointwise fused at weights 0.5 … 0.9, both blends, on the first LISTS_FEW popularity lists
#                    (answered from the cache): chooses the weight the held-out step tests
#   fused-pointwise-holdout  pointwise fused at the chosen weight (HOLDOUT_WEIGHT, default 0.7, rank and score) on
#                    the next LISTS_FEW popularity lists, which the sweep never saw: the test of the fused target
#   alone-generate   listwise, generated permutation under the JSON schema, votes 1 LISTS_FEW
#   alone-votes3     listwise, first-token logits, votes 3                        LISTS_FEW
#   alone-setwise    setwise heap sort, sets of 4, top 10, first-token logits     LISTS_FEW
#   alone-pairwise   pairwise merge sort, both orders per comparison              LISTS_PAIRWISE (default 50)
#   alone-setwise-calibrated, alone-logits-calibrated  setwise and listwise logits (votes 1) with content-free
#                    label calibration                                             LISTS_FEW
#   fused-setwise, fused-votes3, fused-pairwise  the same on the popularity lists, alone and fused at 0.5 by both
#                    blends (the fusion reuses the calls: one ranking's cost per list)
#   save-answers     saves the answers stored since SINCE (seconds since 1970, e.g. `date +%s` taken before the
#                    steps) as REPORT/answers/answers-<time>.sqlite.xz; every run of this recipe first copies the saved
#                    answers into the response cache, so a long step stopped on one machine continues on another
#   summary          listwise logits, pointwise and listwise generation alone, and logits and pointwise fused, on
#                    the first LISTS_FEW lists of each kind, one report each, answered from the cache (run it after
#                    the steps it reads); Evaluation/recipes/paired_difference.py compares two configurations
# Lists: `eval build` defaults on 200 users (seed 0; history 20, 20 candidates: the target and 19 random unseen
# movies, scored by training-part popularity), and the same users built with `--scores none` (shuffled, no scores)
# for "alone". Every step ranks the first N lists, so the smaller runs are the larger runs' first lists.
# The server must serve the 1.5B model:
#   RERANK_AGENT_LOCAL_MODEL=qwen2.5-coder-1.5b RERANK_AGENT_SERVER_PORT=8013 RERANK_AGENT_SERVER_PARALLEL=4 \
#     scripts/llama-server.sh start
# and BASE_URL name it (default http://127.0.0.1:8013/v1). Answers are cached (eval's response cache), so a rerun
# is free and an interrupted step continues where it stopped, here or, through save-answers, on another machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPORT="${REPORT:-Evaluation/reports/ml-100k-small-model}"
BASE_URL="${BASE_URL:-http://127.0.0.1:8013/v1}"
MODEL="${MODEL:-Qwen2.5-Coder-1.5B-Instruct}"
MANY="${LISTS_MANY:-100}"
FEW="${LISTS_FEW:-50}"
PAIRWISE="${LISTS_PAIRWISE:-50}"
HOLDOUT_WEIGHT="${HOLDOUT_WEIGHT:-0.7}"

CACHE_DIR="${RERANK_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rerank-agent}"
DATA_DIR="$(Evaluation/fetch-movielens.sh)"
POP="$CACHE_DIR/eval/ml-100k-200-users.jsonl"
NONE="$CACHE_DIR/eval/ml-100k-200-users-scores-none.jsonl"
HELD_OUT="$CACHE_DIR/eval/ml-100k-200-users-held-out-$FEW.jsonl"
CACHE="$CACHE_DIR/eval/responses.sqlite"
ANSWERS="$REPORT/answers"
mkdir -p "$(dirname "$POP")" "$REPORT"

BIN="${RERANK_AGENT_BIN:-}"
if [ -z "$BIN" ]; then
  swift build -c release --product rerank-agent >&2
  BIN=.build/release/rerank-agent
fi
# Answers saved on other machines join the cache first (answers it already holds are kept).
for saved in "$ANSWERS"/*.sqlite.xz; do
  [ -e "$saved" ] || continue
  unpacked="$(mktemp -u)"
  xz -dc "$saved" > "$unpacked"
  "$BIN" eval cache-copy --from "$unpacked" --to "$CACHE" >&2
  rm -f "$unpacked"
done
[ -s "$POP" ] || "$BIN" eval build --inter "$DATA_DIR/ml-100k.inter" --users 200 --seed 0 --output "$POP"
[ -s "$HELD_OUT" ] || sed -n "$((FEW + 1)),$((2 * FEW))p" "$POP" > "$HELD_OUT"
[ -s "$NONE" ] || "$BIN" eval build --inter "$DATA_DIR/ml-100k.inter" --users 200 --seed 0 --scores none --output "$NONE"

# Two lists at a time, up to four calls in flight against a 4-slot server: pointwise and setwise calls are short
# (the history prefix is reused from the slot cache), and llama-server batches the slots together.
common=(--base-url "$BASE_URL" --model "$MODEL" --cache "$CACHE" --concurrency 2 --set endpoint.request_timeout_s=900
        --set endpoint.max_concurrent_calls=4)
LOGITS="strategy=listwise,scoring=logits,votes=1"
POINTWISE="strategy=pointwise"
GENERATE="strategy=listwise,scoring=generate,votes=1,structured=true"
VOTES3="strategy=listwise,scoring=logits,votes=3"
SETWISE="strategy=setwise,set_size=4"
PAIRWISE_SPEC="strategy=pairwise"
CALIBRATED="calibration=content_free"

run() { local lists="$1" limit="$2" folder="$3"; shift 3
  echo "eval: $folder ($limit lists)" >&2
  "$BIN" eval run "${common[@]}" --lists "$lists" --limit "$limit" --report "$REPORT/$folder" "$@" >/dev/null
}
# Appends to `specs` a configuration alone and fused with the upstream at 0.5 by both blends.
fused() { local spec
  for spec in "$@"; do
    specs+=(--configuration "$spec" --configuration "$spec,fusion=0.5,fusion_mode=rank"
            --configuration "$spec,fusion=0.5,fusion_mode=score")
  done
}

step() {
  case "$1" in
    alone-logits) run "$NONE" "$MANY" alone-logits --configuration "$LOGITS" ;;
    fused-logits) specs=(); fused "$LOGITS"; run "$POP" "$MANY" fused-logits "${specs[@]}" ;;
    alone-pointwise) run "$NONE" "$FEW" alone-pointwise --configuration "$POINTWISE" ;;
    fused-pointwise) specs=(); fused "$POINTWISE"; run "$POP" "$FEW" fused-pointwise "${specs[@]}" ;;
    fusion-sweep)
      specs=(); for weight in 0.5 0.6 0.7 0.8 0.9; do for mode in rank score; do
        specs+=(--configuration "$POINTWISE,fusion=$weight,fusion_mode=$mode"); done; done
      run "$POP" "$FEW" fusion-sweep "${specs[@]}" ;;
    fused-pointwise-holdout)
      run "$HELD_OUT" "$FEW" fused-pointwise-holdout --configuration "$POINTWISE" \
        --configuration "$POINTWISE,fusion=$HOLDOUT_WEIGHT,fusion_mode=rank" \
        --configuration "$POINTWISE,fusion=$HOLDOUT_WEIGHT,fusion_mode=score" ;;
    alone-generate) run "$NONE" "$FEW" alone-generate --configuration "$GENERATE" ;;
    alone-votes3) run "$NONE" "$FEW" alone-votes3 --configuration "$VOTES3" ;;
    alone-setwise) run "$NONE" "$FEW" alone-setwise --configuration "$SETWISE" ;;
    alone-setwise-calibrated) run "$NONE" "$FEW" alone-setwise-calibrated --configuration "$SETWISE,$CALIBRATED" ;;
    alone-logits-calibrated) run "$NONE" "$FEW" alone-logits-calibrated --configuration "$LOGITS,$CALIBRATED" ;;
    alone-pairwise) run "$NONE" "$PAIRWISE" alone-pairwise --configuration "$PAIRWISE_SPEC" ;;
    fused-setwise) specs=(); fused "$SETWISE"; run "$POP" "$FEW" fused-setwise "${specs[@]}" ;;
    fused-votes3) specs=(); fused "$VOTES3"; run "$POP" "$FEW" fused-votes3 "${specs[@]}" ;;
    fused-pairwise) specs=(); fused "$PAIRWISE_SPEC"; run "$POP" "$PAIRWISE" fused-pairwise "${specs[@]}" ;;
    save-answers)
      [ -n "${SINCE:-}" ] || { echo "save-answers: set SINCE to the seconds since 1970 from which to save (date +%s)" >&2; exit 2; }
      mkdir -p "$ANSWERS"
      unpacked="$(mktemp -u)"
      "$BIN" eval cache-copy --from "$CACHE" --to "$unpacked" --since "$SINCE" >&2
      xz -9 -c "$unpacked" > "$ANSWERS/answers-$(date -u +%Y%m%dT%H%M%SZ).sqlite.xz"
      rm -f "$unpacked" ;;
    summary)
      run "$NONE" "$FEW" summary-alone --configuration "$LOGITS" --configuration "$POINTWISE" --configuration "$GENERATE"
      specs=(); fused "$LOGITS" "$POINTWISE"
      run "$POP" "$FEW" summary-fused "${specs[@]}" ;;
    *) echo "unknown step '$1'" >&2; exit 2 ;;
  esac
}

if [ "$#" -eq 0 ]; then
  set -- alone-logits fused-logits alone-pointwise fused-pointwise fusion-sweep fused-pointwise-holdout alone-generate \
    alone-setwise alone-votes3 alone-setwise-calibrated alone-logits-calibrated alone-pairwise fused-setwise fused-votes3 fused-pairwise summary
fi
for name in "$@"; do step "$name"; done
echo "reports in $REPORT" >&2
