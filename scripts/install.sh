#!/usr/bin/env bash
# Installs rerank-agent under PREFIX (default /usr/local): the release binary in PREFIX/bin, Prompts/ and Config/
# in PREFIX/share/rerank-agent, where the binary finds them from any working directory without RERANK_AGENT_HOME.
#   scripts/install.sh [PREFIX]
# RERANK_AGENT_INSTALL_BINARY=PATH installs that already-built binary instead of running `swift build -c release`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

prefix="${1:-/usr/local}"
binary="${RERANK_AGENT_INSTALL_BINARY:-}"
if [ -z "$binary" ]; then
  swift build -c release --product rerank-agent >&2
  binary="$(swift build -c release --show-bin-path)/rerank-agent"
fi
[ -x "$binary" ] || { echo "install: no executable at $binary" >&2; exit 1; }

share="$prefix/share/rerank-agent"
mkdir -p "$prefix/bin" "$share"
rm -rf "$share/Prompts.partial" "$share/Config.partial"
cp -R Prompts "$share/Prompts.partial"
cp -R Config "$share/Config.partial"
rm -rf "$share/Prompts" "$share/Config"
mv "$share/Prompts.partial" "$share/Prompts"
mv "$share/Config.partial" "$share/Config"
commit=$(git rev-parse HEAD 2>/dev/null || true)
printf 'commit=%s\n' "$commit" >"$share/BUILD_INFO"
install -m 0755 "$binary" "$prefix/bin/rerank-agent.partial"
mv "$prefix/bin/rerank-agent.partial" "$prefix/bin/rerank-agent"
echo "install: $prefix/bin/rerank-agent (prompts and config in $share)" >&2
"$prefix/bin/rerank-agent" --version
