#!/usr/bin/env python3
"""A Spark job run with speculative execution on, in a cluster of its own (a SparkContext's speculation settings
are fixed when it starts, so the test session's shared cluster cannot have them):

    speculation_job.py BINARY HOME OUTPUT_DIR WORK_DIR

Spark never runs a speculative copy on a host that already runs an attempt of the task, and every executor of a
`local-cluster` is on one host, so this job starts a standalone master on 127.0.0.1 and two workers of one core
each on 127.0.0.2 and 127.0.0.3 (loopback addresses: two hosts as Spark sees them, one machine), and stops them
at the end. 4 partitions of one-candidate requests (answered without a model call). A stand-in
binary in WORK_DIR stalls the first attempt of the partition holding request `r0` for STALL_S seconds before it runs
the real binary, so Spark launches a speculative copy of that task on the other executor. Every start is logged in
WORK_DIR/starts.log ("pid first-request-id"), and the first attempt notes in WORK_DIR/stalled that it stalled. The
answers are written with `DataFrame.write.json` to OUTPUT_DIR; Spark's output commit protocol lets exactly one
attempt of each task commit. Prints one JSON line: the starts, and whether the stalled attempt was ever let through.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request

STALL_S = 120
REQUESTS = 40
PARTITIONS = 4


def stalling_wrapper(work, binary):
    wrapper = os.path.join(work, "rerank-agent")
    with open(wrapper, "w") as script:
        script.write(textwrap.dedent(f"""\
            #!{sys.executable}
            import os, subprocess, sys, time
            REAL, WORK, STALL_S = {binary!r}, {work!r}, {STALL_S}
            first = sys.stdin.buffer.readline()
            try:
                first_id = __import__("json").loads(first).get("id", "?")
            except ValueError:
                first_id = "?"
            with open(os.path.join(WORK, "starts.log"), "a") as log:
                log.write(f"{{os.getpid()}} {{first_id}}\\n")
            if first_id == "r0":
                try:
                    os.mkdir(os.path.join(WORK, "stalled"))
                    time.sleep(STALL_S)
                    open(os.path.join(WORK, "stalled", "let-through"), "w").close()
                except FileExistsError:
                    pass
            # Unbuffered and line by line: the caller keeps a bounded number of lines in flight and waits for
            # their answers, so a line held back in a buffer here would stall the stream.
            child = subprocess.Popen([REAL] + sys.argv[1:], stdin=subprocess.PIPE, bufsize=0)
            child.stdin.write(first)
            for line in sys.stdin.buffer:
                child.stdin.write(line)
            child.stdin.close()
            sys.exit(child.wait())
            """))
    os.chmod(wrapper, 0o755)
    return wrapper


def free_port(host):
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def start(spark_home, work, name, host, arguments):
    """One standalone daemon in the foreground of its own process, its log in WORK_DIR."""
    env = dict(os.environ, SPARK_LOCAL_IP=host, SPARK_WORKER_DIR=os.path.join(work, name + "-dir"))
    log = open(os.path.join(work, name + ".log"), "w")
    return subprocess.Popen([os.path.join(spark_home, "bin", "spark-class")] + arguments, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)


def wait_for_workers(master_ui, count, timeout_s=90):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(master_ui + "/json/", timeout=2) as answer:
                alive = [worker for worker in json.load(answer).get("workers", []) if worker.get("state") == "ALIVE"]
            if len(alive) >= count:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the standalone cluster did not register {count} workers within {timeout_s} s")


def stop(daemons):
    for daemon in daemons:
        try:
            os.killpg(daemon.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for daemon in daemons:
        try:
            daemon.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)


def main():
    binary, home, output, work = sys.argv[1:5]
    import pyspark
    from pyspark.sql import SparkSession

    sys.path.insert(0, os.path.join(home, "python", "src"))
    from rerank_agent import spark as rerank_spark

    spark_home = os.environ.setdefault("SPARK_HOME", os.path.dirname(pyspark.__file__))
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    port, ui_port = free_port("127.0.0.1"), free_port("127.0.0.1")
    master = f"spark://127.0.0.1:{port}"
    daemons = [start(spark_home, work, "master", "127.0.0.1", [
        "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(ui_port)])]
    try:
        for number, host in enumerate(["127.0.0.2", "127.0.0.3"], start=1):
            daemons.append(start(spark_home, work, f"worker-{number}", host, [
                "org.apache.spark.deploy.worker.Worker", "--host", host, "--cores", "1", "--memory", "1g",
                "--webui-port", str(free_port(host)), master]))
        wait_for_workers(f"http://127.0.0.1:{ui_port}", 2)
        run(master, binary, home, output, work, rerank_spark, SparkSession)
    finally:
        stop(daemons)
    with open(os.path.join(work, "starts.log")) as log:
        starts = [line.split() for line in log if line.strip()]
    print(json.dumps({"starts": starts, "stalled": os.path.isdir(os.path.join(work, "stalled")),
                      "let_through": os.path.exists(os.path.join(work, "stalled", "let-through"))}))


def run(master, binary, home, output, work, rerank_spark, SparkSession):
    session = (
        SparkSession.builder.master(master)
        .config("spark.executor.memory", "1g")
        .config("spark.cores.max", "2")
        .appName("rerank-agent-speculation")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g")
        .config("spark.speculation", "true")
        .config("spark.speculation.interval", "200ms")
        .config("spark.speculation.quantile", "0.5")
        .config("spark.speculation.multiplier", "1.5")
        .config("spark.speculation.minTaskRuntime", "2s")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        wrapper = stalling_wrapper(work, binary)
        requests = [{"id": f"r{index}", "user": {"history": []},
                     "candidates": [{"id": f"c{index}", "title": f"Title {index}"}]} for index in range(REQUESTS)]
        # Ordered so that r0 opens its partition: the stand-in decides from the first line it reads.
        rows = [(request["id"], json.dumps(request)) for request in requests]
        df = session.createDataFrame(rows, "id string, request string").repartitionByRange(PARTITIONS, "id") \
            .sortWithinPartitions("id")
        answers = rerank_spark.rerank(df, "request", binary=wrapper, home=home, base_url="http://127.0.0.1:9/v1",
                                      ship=False)
        answers.select("id", "ranking").write.mode("overwrite").json(output)
    finally:
        session.stop()


if __name__ == "__main__":
    main()
