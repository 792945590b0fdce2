#!/usr/bin/env python3
"""Scaling of `rerank_agent.spark.rerank` with the number of Spark executors (local-cluster[E,1,1024], so each
executor is its own JVM with its own binary processes):

  fixed     against an endpoint of ours on loopback that answers every call after a fixed latency with no limit
            on calls in flight (python/tests/support/fixed_latency_endpoint.py): only our side can be the limit,
            so lists/s should grow with executors until something on our side saturates.
  real      against a real OpenAI-compatible server (the local llama-server with its 4 slots): where one small
            server is the limit, adding executors adds nothing.

    python3 Evaluation/benchmarks/spark_scaling.py [--binary .build/release/rerank-agent] [--executors 1,2,4]
        [--lists 800] [--latency 0.2] [--real-base-url http://127.0.0.1:8012/v1 --real-lists 60]

Each executor runs one task at a time; a task streams its partition through one `rerank-agent serve` with
serve.concurrency = endpoint.max_concurrent_calls = --per-executor (default 4). So the fixed endpoint's ceiling
is executors × per-executor / latency lists/s. Every timed run is preceded by a warm-up job on the same cluster
(executors started, files fetched). Prints a Markdown table.
"""
import argparse
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python", "src"))
sys.path.insert(0, os.path.join(ROOT, "python", "tests", "support"))

from fixed_latency_endpoint import FixedLatencyEndpoint  # noqa: E402
from rerank_agent import spark as rerank_spark  # noqa: E402

TITLES = ["Toy Story (1995)", "Fargo (1996)", "Heat (1995)", "Casino (1995)", "Babe (1995)", "Alien (1979)",
          "Clerks (1994)", "Se7en (1995)", "Ran (1985)", "Brazil (1985)"]


def requests(count, candidates):
    return [json.dumps({
        "id": f"r{index}",
        "user": {"history": [{"id": "h1", "title": TITLES[index % len(TITLES)]},
                             {"id": "h2", "title": TITLES[(index + 3) % len(TITLES)]}]},
        "candidates": [{"id": f"m{index}-{offset}", "title": TITLES[(index + offset + 1) % len(TITLES)],
                        "score": float(candidates - offset)} for offset in range(candidates)],
        "options": {"strategy": "listwise", "seed": 7},
    }) for index in range(count)]


def session(executors):
    import pyspark
    from pyspark.sql import SparkSession
    os.environ.setdefault("SPARK_HOME", os.path.dirname(pyspark.__file__))
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (SparkSession.builder.master(f"local-cluster[{executors},1,1024]").appName(f"spark-scaling-{executors}")
             .config("spark.ui.enabled", "false").config("spark.driver.memory", "1g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def timed_run(spark, lines, partitions, binary, base_url, per_executor):
    df = spark.createDataFrame([(line,) for line in lines], "request string").repartition(partitions).cache()
    df.count()
    settings = {"endpoint.max_concurrent_calls": per_executor, "endpoint.max_retries": 1}
    result = rerank_spark.rerank(df, "request", binary=binary, home=ROOT, base_url=base_url, settings=settings,
                                 concurrency=per_executor)
    started = time.monotonic()
    rows = result.select("id", "degraded", "error_code").collect()
    seconds = time.monotonic() - started
    df.unpersist()
    degraded = sum(1 for row in rows if row["degraded"])
    failed = sum(1 for row in rows if row["error_code"])
    return len(rows), degraded, failed, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    release = os.path.join(ROOT, ".build", "release", "rerank-agent")
    parser.add_argument("--binary", default=release if os.path.exists(release) else os.path.join(ROOT, ".build", "debug", "rerank-agent"))
    parser.add_argument("--executors", default="1,2,4")
    parser.add_argument("--lists", type=int, default=800)
    parser.add_argument("--candidates", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--per-executor", type=int, default=4)
    parser.add_argument("--real-base-url")
    parser.add_argument("--real-lists", type=int, default=60)
    arguments = parser.parse_args()
    counts = [int(value) for value in arguments.executors.split(",")]
    rows = []
    with FixedLatencyEndpoint(arguments.latency) as endpoint:
        for executors in counts:
            spark = session(executors)
            try:
                timed_run(spark, requests(8 * executors, arguments.candidates), 2 * executors, arguments.binary,
                          endpoint.base_url, arguments.per_executor)  # warm-up
                endpoint.peak_in_flight = 0
                answered, degraded, failed, seconds = timed_run(
                    spark, requests(arguments.lists, arguments.candidates), 2 * executors, arguments.binary,
                    endpoint.base_url, arguments.per_executor)
                ceiling = executors * arguments.per_executor / arguments.latency
                rows.append((f"fixed {int(arguments.latency * 1000)} ms", executors, arguments.lists, answered, degraded,
                             failed, seconds, answered / seconds, f"{ceiling:.0f}", endpoint.peak_in_flight))
                if arguments.real_base_url:
                    answered, degraded, failed, seconds = timed_run(
                        spark, requests(arguments.real_lists, 3), 2 * executors, arguments.binary,
                        arguments.real_base_url, arguments.per_executor)
                    rows.append(("real llama-server", executors, arguments.real_lists, answered, degraded, failed,
                                 seconds, answered / seconds, "4 slots", "-"))
            finally:
                spark.stop()
    print("| endpoint | executors | lists | answers | degraded | errors | seconds | lists/s | ceiling lists/s | peak calls in flight |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for endpoint_name, executors, lists, answered, degraded, failed, seconds, rate, ceiling, peak in sorted(rows, key=lambda r: (r[0], r[1])):
        print(f"| {endpoint_name} | {executors} | {lists} | {answered} | {degraded} | {failed} | {seconds:.1f} | {rate:.1f} | {ceiling} | {peak} |")


if __name__ == "__main__":
    main()
