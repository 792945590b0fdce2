#!/usr/bin/env bash
# The benchmark set (figures recorded in Evaluation/reports/BENCHMARKS.md):
#   1. the service's own overhead per request, with allocations (Benchmarks/, ordo-one/benchmark);
#   2. peak memory with 64 requests of 100 candidates in flight;
#   3. token efficiency against the paper's wording, and prompt-cache reuse for votes and pointwise,
#      on real MovieLens-100k requests through the local model;
#   4. end to end against a bare replay client, requests/s at concurrency 1/2/4/8, and cost against K and votes,
#      each on a llama-server started for the run (so stop other model work first: the two cores are shared);
#   5. the vote schedules again with 50-item histories;
#   6. rerank_agent.spark's lists/s with 1, 2 and 4 Spark executors, against a fixed-latency endpoint of ours and
#      against the local server;
#   7. serve --http: added latency at 50 req/s against a 200 ms endpoint, RSS with 1,000 connections, how soon
#      after a 500 ms deadline the partial answers arrive (2 s endpoint), requests/s with wrk at 1 to 256
#      connections, a 10-minute soak with RSS sampled, and two replicas behind one nginx port against one
#      (wrk and nginx from Debian, installed here).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null 2>&1 && ! [ -x "/usr/sbin/$tool" ]; then
    { if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq wrk nginx-light; else sudo apt-get install -y -qq wrk nginx-light; fi; } >/dev/null || { echo "benchmarks.sh: section 7 needs wrk and nginx (apt)" >&2; exit 1; }
  fi
done
swift build -c release --product rerank-agent >&2
binary=.build/release/rerank-agent

echo "## 1. Own overhead"
(cd Benchmarks && swift package --allow-writing-to-package-directory benchmark --no-progress)

echo "## 2. Memory with requests in flight"
python3 Evaluation/benchmarks/memory_in_flight.py --binary "$binary" --requests 64 --candidates 100

echo "## 3. Token efficiency and prompt-cache reuse"
bash scripts/llama-server.sh start >/dev/null
data=$(bash Evaluation/fetch-movielens.sh)
lists=$(mktemp)
"$binary" eval build --inter "$data/ml-100k.inter" --users 5 --history 20 --list-size 20 --output "$lists"
python3 Evaluation/benchmarks/llm_efficiency.py "$lists" --binary "$binary" --limit "${BENCHMARK_REQUESTS:-3}"

echo "## 4. Serving: end to end against a bare client, concurrency, cost against K and votes"
long_lists=$(mktemp)
"$binary" eval build --inter "$data/ml-100k.inter" --users 16 --history 20 --list-size 100 --output "$long_lists"
python3 Evaluation/benchmarks/serving.py "$long_lists" --binary "$binary"

echo "## 5. Votes with 50-item histories (prompt-cache share against the vote schedule)"
history_lists=$(mktemp)
"$binary" eval build --inter "$data/ml-100k.inter" --users 16 --history 50 --list-size 100 --output "$history_lists"
python3 Evaluation/benchmarks/serving.py "$history_lists" --binary "$binary" --only scale --scale votes --history 50

echo "## 6. Spark: lists/s with 1, 2 and 4 executors"
python3 Evaluation/benchmarks/spark_scaling.py --binary "$binary" --real-base-url "$(bash scripts/llama-server.sh status)"

echo "## 7. serve --http: added latency, memory with connections, deadline answers, wrk throughput, a 10-minute soak, two replicas behind nginx"
python3 Evaluation/benchmarks/http_serving.py --binary "$binary"
