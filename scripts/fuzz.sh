#!/usr/bin/env bash
# Fuzzes the request decoder, the answer parser and the endpoint side (the response decoder, usage sums, server
# waits, redacted excerpts) with libFuzzer (swiftc -sanitize=fuzzer).
#   scripts/fuzz.sh [seconds]   default 60; CI runs a short bounded run, a long run is e.g. scripts/fuzz.sh 1800
# New interesting inputs go to a scratch corpus; the seed corpus is Evaluation/fuzz/corpus. Exit status 0 means
# no crash and no broken invariant; a finding is written as crash-* in the current folder.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-60}"
swift build --scratch-path .build-fuzz -c release --product rerank-fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -use-ld=lld -Xswiftc -DFUZZING >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp Evaluation/fuzz/corpus/* "$work/"
# libFuzzer's own handler writes the crash-* file; Swift's backtracer would end the process before it could.
status=0
SWIFT_BACKTRACE=enable=no .build-fuzz/release/rerank-fuzz "$work" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
  -print_final_stats=1 >"$work/log" 2>&1 || status=$?
grep -E "stat::number_of_executed_units|stat::new_units_added|Done|ERROR|crash|SUMMARY" "$work/log" || true
# A finding must fail the run: the exit status is the fuzzer's, never the filter's.
exit "$status"
