#!/usr/bin/env bash
# The main job on the local model: sets everything up, starts llama-server, builds rerank-agent,
# pipes the sample requests (or the file given) through `rerank-agent serve` and prints the answers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
requests="${1:-Evaluation/samples/requests.jsonl}"
# The main job serves the default local model of scripts/models.sh (RERANK_AGENT_LOCAL_MODEL picks another).
source scripts/models.sh
export RERANK_AGENT_LOCAL_MODEL="${RERANK_AGENT_LOCAL_MODEL:-$DEFAULT_LOCAL_MODEL}"
resolve_model "$RERANK_AGENT_LOCAL_MODEL" "" >/dev/null
bash scripts/setup.sh
bash scripts/llama-server.sh start >/dev/null
swift build -c release --product rerank-agent >&2
.build/release/rerank-agent serve --model "$MODEL_ALIAS" <"$requests"
