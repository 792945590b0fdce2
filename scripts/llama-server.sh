#!/usr/bin/env bash
# Starts, stops or reports the local llama-server that rerank-agent uses when no endpoint is configured.
#   scripts/llama-server.sh start    start it (loopback only) unless it is already up; prints its base URL
#   scripts/llama-server.sh stop     stop it
#   scripts/llama-server.sh status   print its base URL and exit 0 if it answers /health, else exit 1
#   scripts/llama-server.sh serves-model   exit 0 if the running server serves RERANK_AGENT_LOCAL_MODEL's model
# Environment: RERANK_AGENT_LOCAL_MODEL (the model to serve; scripts/models.sh lists them),
#              RERANK_AGENT_SERVER_PORT (8012), RERANK_AGENT_SERVER_PARALLEL (slots, 4),
#              RERANK_AGENT_SERVER_CONTEXT (tokens per slot, 4096), RERANK_AGENT_CACHE.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=models.sh
source "$here/models.sh"
CACHE_DIR="${RERANK_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rerank-agent}"
PORT="${RERANK_AGENT_SERVER_PORT:-8012}"
# The default port keeps the run folder rerank-agent reads its base URL from; others get one of their own.
if [ "$PORT" = 8012 ]; then RUN_DIR="$CACHE_DIR/run"; else RUN_DIR="$CACHE_DIR/run-$PORT"; fi
resolve_model "${RERANK_AGENT_LOCAL_MODEL:-$DEFAULT_LOCAL_MODEL}" "$CACHE_DIR" || exit 2
MODEL_NAME_FILE="$RUN_DIR/llama-server.model"
PARALLEL="${RERANK_AGENT_SERVER_PARALLEL:-4}"
SLOT_CONTEXT="${RERANK_AGENT_SERVER_CONTEXT:-4096}"
PID_FILE="$RUN_DIR/llama-server.pid"
URL_FILE="$RUN_DIR/llama-server.url"
LOG_FILE="$RUN_DIR/llama-server.log"

server_bin() { ls -1 "$CACHE_DIR"/llama-server-*/bin/llama-server 2>/dev/null | sort -V | tail -n 1; }
model_file() { [ -s "$MODEL_PATH" ] && echo "$MODEL_PATH"; }

healthy() {
  local url="$1"
  curl -fsS --max-time 2 "${url%/v1}/health" 2>/dev/null | grep -q '"ok"'
}

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  mkdir -p "$RUN_DIR"
  if running_pid >/dev/null && [ -f "$URL_FILE" ] && healthy "$(cat "$URL_FILE")"; then
    local serving
    serving=$(cat "$MODEL_NAME_FILE" 2>/dev/null || echo smollm2-135m)
    if [ -n "${RERANK_AGENT_LOCAL_MODEL:-}" ] && [ "$serving" != "$MODEL_NAME" ]; then
      echo "llama-server on port $PORT serves $serving, not $MODEL_NAME; stop it first (scripts/llama-server.sh stop) or set RERANK_AGENT_SERVER_PORT" >&2
      exit 1
    fi
    cat "$URL_FILE"
    return
  fi
  local binary model
  binary=$(server_bin)
  model=$(model_file || true)
  if [ -z "$binary" ] || [ -z "$model" ]; then
    bash "$here/setup.sh" --model "$MODEL_NAME"
    binary=$(server_bin)
    model=$(model_file)
  fi
  local url="http://127.0.0.1:$PORT/v1"
  if healthy "$url"; then
    echo "llama-server: port $PORT already answers but was not started here; set RERANK_AGENT_SERVER_PORT" >&2
    exit 1
  fi
  nohup "$binary" --model "$model" --host 127.0.0.1 --port "$PORT" \
    --parallel "$PARALLEL" --ctx-size $((PARALLEL * SLOT_CONTEXT)) --threads "$(nproc)" \
    --alias "$MODEL_ALIAS" --no-webui >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  echo "$MODEL_NAME" >"$MODEL_NAME_FILE"
  for _ in $(seq 1 240); do
    if healthy "$url"; then
      echo "$url" >"$URL_FILE"
      echo "$url"
      return
    fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      echo "llama-server exited while starting; its log follows ($LOG_FILE):" >&2
      tail -n 30 "$LOG_FILE" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "llama-server did not become healthy within 120 s; see $LOG_FILE" >&2
  exit 1
}

stop() {
  local pid
  if pid=$(running_pid); then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE" "$URL_FILE" "$MODEL_NAME_FILE"
}

# Exit 0 when the running server answers with the model this environment names (its alias in /v1/models):
# the process may have been started by another command with another model on the same port.
serves_model() {
  local url
  url=$(status 2>/dev/null) || return 1
  curl -fsS --max-time 5 "$url/models" 2>/dev/null | grep -q "\"id\"[[:space:]]*:[[:space:]]*\"$MODEL_ALIAS\""
}

status() {
  if running_pid >/dev/null && [ -f "$URL_FILE" ] && healthy "$(cat "$URL_FILE")"; then
    cat "$URL_FILE"
  else
    echo "llama-server is not running" >&2
    exit 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  serves-model) serves_model ;;
  *) echo "usage: $0 start|stop|status|serves-model" >&2; exit 2 ;;
esac
