#!/usr/bin/env bash
# Fuzzes the request decoder, the answer parser and the endpoint side (the response decoder, usage sums, server
# waits, redacted excerpts) with libFuzzer (swiftc -sanitize=fuzzer).
#   scripts/fuzz.sh [seconds]      a timed exploration, default 60; a long one is e.g. scripts/fuzz.sh 1800
#   scripts/fuzz.sh --runs N       a bounded run: N inputs from a fixed seed with fixed hashing, counted rather
#                                  than timed, so a slow machine tries as many as a fast one (the test suite's run)
# New interesting inputs go to a scratch corpus; the seed corpus is Evaluation/fuzz/corpus. Exit status 0 means
# no crash and no broken invariant; a finding is written as crash-* in the current folder, and its bytes and the
# fuzzer's last words are printed, so a finding on another machine can be replayed here
# (`swift run rerank-fuzz crash-…` replays a file without libFuzzer).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
limit=(-max_total_time=60)
if [ "${1:-}" = "--runs" ]; then
  limit=(-runs="${2:?--runs needs a count}" -seed=1)
  export SWIFT_DETERMINISTIC_HASHING=1
elif [ -n "${1:-}" ]; then
  limit=(-max_total_time="$1")
fi
swift build --scratch-path .build-fuzz -c release --product rerank-fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -use-ld=lld -Xswiftc -DFUZZING >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
cp Evaluation/fuzz/corpus/* "$work/corpus/"
# libFuzzer's own handler writes the crash-* file; Swift's backtracer would end the process before it could.
status=0
SWIFT_BACKTRACE=enable=no .build-fuzz/release/rerank-fuzz "$work/corpus" "${limit[@]}" -max_len=8192 -timeout=10 \
  -print_final_stats=1 >"$work/log" 2>&1 || status=$?
grep -E "stat::number_of_executed_units|stat::new_units_added|Done|ERROR|crash|SUMMARY" "$work/log" || true
if [ "$status" -ne 0 ]; then
  echo "fuzz: the fuzzer stopped with status $status; its last lines:" >&2
  grep -v -E "^#[0-9]+\s+(NEW|REDUCE|pulse|INITED)" "$work/log" | tail -n 40 >&2 || true
  for finding in crash-* timeout-* oom-* leak-*; do
    [ -f "$finding" ] || continue
    echo "fuzz: $finding, base64 (decode with base64 -d to replay):" >&2
    base64 -w 0 "$finding" | head -c 20000 >&2
    echo >&2
  done
fi
# A finding must fail the run: the exit status is the fuzzer's, never the filter's.
exit "$status"
