#!/usr/bin/env bash
# Puts MovieLens-100k as RecBole atomic files (ml-100k.inter, ml-100k.item) into the cache, idempotently.
# The files come from the `recbole` wheel on PyPI (recbole/dataset_example/ml-100k/); only those two are kept.
# Prints the folder that holds them. The data never goes into the repository.
set -euo pipefail

RECBOLE_VERSION="1.2.1"
CACHE_DIR="${RERANK_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rerank-agent}"
DATA_DIR="$CACHE_DIR/data/ml-100k"

log() { printf 'fetch-movielens: %s\n' "$*" >&2; }

if [ -s "$DATA_DIR/ml-100k.inter" ] && [ -s "$DATA_DIR/ml-100k.item" ]; then
  echo "$DATA_DIR"
  exit 0
fi

command -v python3 >/dev/null 2>&1 || { log "python3 is needed to download the recbole wheel; install Python 3"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "downloading the recbole $RECBOLE_VERSION wheel (PyPI)"
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --dest "$work" "recbole==$RECBOLE_VERSION" >&2
wheel=$(ls "$work"/recbole-"$RECBOLE_VERSION"-*.whl 2>/dev/null | head -n 1)
[ -n "$wheel" ] || { log "pip did not leave a recbole $RECBOLE_VERSION wheel in $work"; exit 1; }

# A wheel is a zip archive; Python's zipfile reads it without needing unzip installed.
mkdir -p "$DATA_DIR"
python3 - "$wheel" "$work/extract" <<'PYTHON'
import sys, zipfile
wheel, target = sys.argv[1], sys.argv[2]
wanted = ["recbole/dataset_example/ml-100k/ml-100k.inter", "recbole/dataset_example/ml-100k/ml-100k.item"]
with zipfile.ZipFile(wheel) as archive:
    names = set(archive.namelist())
    for name in wanted:
        if name not in names:
            sys.exit(f"fetch-movielens: {name} is not in {wheel}")
        archive.extract(name, target)
PYTHON
for name in ml-100k.inter ml-100k.item; do
  mv "$work/extract/recbole/dataset_example/ml-100k/$name" "$DATA_DIR/$name.partial"
  mv "$DATA_DIR/$name.partial" "$DATA_DIR/$name"
done
log "MovieLens-100k is in $DATA_DIR"
echo "$DATA_DIR"
