#!/usr/bin/env bash
# The test suite: sets everything up, starts llama-server, runs `swift test` and the Python package's pytest suite
# (PySpark in local-cluster mode) against it, stops the server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The suite exercises every strategy against a real server; the smallest model keeps it quick on 2 cores.
export RERANK_AGENT_LOCAL_MODEL="${RERANK_AGENT_LOCAL_MODEL:-smollm2-135m}"
# Formatting first, so drift fails in seconds: `swift format -i -r -p Sources Tests Package.swift` fixes it (.swift-format).
swift format lint --strict -r -p Sources Tests Package.swift
bash scripts/setup.sh
started_here=0
# A server left running on the port (the main job's, say) may serve another model: the suite tests the one it names.
if bash scripts/llama-server.sh status >/dev/null 2>&1 && ! bash scripts/llama-server.sh serves-model; then
  echo "test.sh: the local server serves another model than $RERANK_AGENT_LOCAL_MODEL; restarting it with $RERANK_AGENT_LOCAL_MODEL" >&2
  bash scripts/llama-server.sh stop
fi
if ! bash scripts/llama-server.sh status >/dev/null 2>&1; then
  bash scripts/llama-server.sh start >/dev/null
  started_here=1
fi
cleanup() { if [ "$started_here" = 1 ]; then bash scripts/llama-server.sh stop; fi; }
trap cleanup EXIT
RERANK_TEST_BASE_URL="$(bash scripts/llama-server.sh status)"
export RERANK_TEST_BASE_URL
export RERANK_TEST_REQUIRE_SERVER=1
swift build --build-tests
swift test --skip-build "$@"
# The Python package and its Spark helpers (only for a full run: arguments are `swift test` filters).
if [ "$#" -eq 0 ]; then
  status=0
  RERANK_AGENT_BINARY="$PWD/.build/debug/rerank-agent" python3 -m pytest python/tests -q -p no:cacheprovider || status=$?
  case "$status" in
    0) ;;
    5) echo "test.sh: pytest collected no tests from python/tests" >&2; exit 1 ;;
    *) echo "test.sh: pytest failed (exit status $status)" >&2; exit "$status" ;;
  esac
fi
# A bounded, repeatable libFuzzer run over the request decoder, the answer parser and the endpoint side
# (a fixed seed, bounded by inputs rather than time; scripts/fuzz.sh SECONDS explores for longer).
if [ "$#" -eq 0 ]; then
  bash scripts/fuzz.sh --runs "${RERANK_TEST_FUZZ_RUNS:-100000}"
fi
