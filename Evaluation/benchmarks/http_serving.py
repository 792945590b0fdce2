#!/usr/bin/env python3
"""`rerank-agent serve --http` against a fake endpoint that answers every call after a fixed delay:

1. added latency: requests sent open-loop at a fixed rate (50 req/s), each a listwise request that needs one call;
   the latency a client sees, less the endpoint's delay, is what the HTTP face and the service add;
2. RSS with N connections open, each after one request (keep-alive), read from /proc;
3. deadline answers: requests with `X-Rerank-Deadline-Ms` against an endpoint far slower than the deadline; how
   long after the deadline the partial answer arrives.

    python3 Evaluation/benchmarks/http_serving.py [--binary .build/release/rerank-agent] [--rate 50] [--seconds 20]
"""
import argparse
import http.client
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python", "tests", "support"))
from fixed_latency_endpoint import FixedLatencyEndpoint  # noqa: E402

LINE = json.dumps({
    "id": "b", "user": {"history": [{"id": "h", "title": "Toy Story (1995)"}]},
    "candidates": [{"id": f"c{n}", "title": f"Film {n}", "score": 1 - n / 10} for n in range(10)],
    "options": {"strategy": "listwise"}})


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def start(binary, base_url, settings=()):
    arguments = [binary, "serve", "--http", "127.0.0.1:0", "--base-url", base_url, "--log-level", "warning"]
    for setting in settings:
        arguments += ["--set", setting]

    def more_descriptors():
        resource.setrlimit(resource.RLIMIT_NOFILE, (8192, 8192))

    process = subprocess.Popen(arguments, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, preexec_fn=more_descriptors)
    for line in process.stderr:
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if match:
            threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
            return process, int(match.group(1))
    raise SystemExit("serve --http did not start")


CHAT = json.dumps({"model": "m", "messages": [{"role": "user", "content": "[1] Film 0\n[2] Film 1"}], "max_tokens": 40})


def post(port, headers=None, timeout=30, path="/v1/rerank", body=LINE):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        started = time.perf_counter()
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        return time.perf_counter() - started, response.status, json.loads(body)
    finally:
        connection.close()


def open_loop(send, rate, count):
    """Latencies of `count` calls of `send`, started at `rate` per second whatever the answers do."""
    results, threads = [], []
    begin = time.perf_counter()
    for index in range(count):
        pause = begin + index / rate - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        thread = threading.Thread(target=lambda: results.append(send()), daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(60)
    return [latency * 1000 for latency, status, _ in results if status == 200]


def added_latency(binary, rate, seconds, delay):
    """serve's latency against the same client calling the endpoint itself: the difference is what serve adds
    (the client's and the endpoint's own costs are in both)."""
    count = int(rate * seconds)
    with FixedLatencyEndpoint(delay) as endpoint:
        port = int(endpoint.base_url.rsplit(":", 1)[1].split("/")[0])
        direct = open_loop(lambda: post(port, path="/v1/chat/completions", body=CHAT), rate, count)
        process, serve_port = start(
            binary, endpoint.base_url, ["serve.concurrency=64", "serve.http_max_in_flight=512", "endpoint.max_concurrent_calls=64"])
        try:
            for _ in range(5):
                post(serve_port)  # the first requests pay for lazy set-up
            served = open_loop(lambda: post(serve_port), rate, count)
        finally:
            process.terminate()
            process.wait(30)
    return {"requests": count, "answered_200": len(served), "direct_ms_p50": round(percentile(direct, 0.5), 2),
            "direct_ms_p99": round(percentile(direct, 0.99), 2), "served_ms_p50": round(percentile(served, 0.5), 2),
            "served_ms_p99": round(percentile(served, 0.99), 2),
            "added_ms_p50": round(percentile(served, 0.5) - percentile(direct, 0.5), 2),
            "added_ms_p99": round(percentile(served, 0.99) - percentile(direct, 0.99), 2)}


def rss_with_connections(binary, connections):
    resource.setrlimit(resource.RLIMIT_NOFILE, (8192, 8192))
    with FixedLatencyEndpoint(0.0) as endpoint:
        process, port = start(binary, endpoint.base_url)
        held = []
        try:
            for _ in range(connections):
                sock = socket.create_connection(("127.0.0.1", port))
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                held.append(sock)
            for sock in held:
                sock.recv(4096)
            time.sleep(1)
            status = open(f"/proc/{process.pid}/status").read()
            rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
            peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
            return {"connections": connections, "rss_mib": round(rss, 1), "peak_rss_mib": round(peak, 1)}
        finally:
            for sock in held:
                sock.close()
            process.terminate()
            process.wait(30)


def deadline_answers(binary, requests, deadline_ms):
    with FixedLatencyEndpoint(5.0) as endpoint:
        process, port = start(binary, endpoint.base_url, ["serve.concurrency=64", "endpoint.max_concurrent_calls=64"])
        try:
            results, threads = [], []
            for _ in range(requests):
                thread = threading.Thread(
                    target=lambda: results.append(post(port, {"X-Rerank-Deadline-Ms": str(deadline_ms)})), daemon=True)
                thread.start()
                threads.append(thread)
                time.sleep(0.02)
            for thread in threads:
                thread.join(60)
            late = [(latency * 1000 - deadline_ms) for latency, status, body in results if status == 200 and body.get("partial")]
            return {"requests": requests, "partial_answers": len(late), "deadline_ms": deadline_ms,
                    "after_deadline_ms_p50": round(percentile(late, 0.5), 1), "after_deadline_ms_p99": round(percentile(late, 0.99), 1)}
        finally:
            process.terminate()
            process.wait(30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/rerank-agent")
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--deadline-requests", type=int, default=100)
    arguments = parser.parse_args()
    os.environ.setdefault("RERANK_AGENT_HOME", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
    report = {
        "binary": arguments.binary,
        "added_latency": added_latency(arguments.binary, arguments.rate, arguments.seconds, arguments.delay),
        "rss": rss_with_connections(arguments.binary, arguments.connections),
        "deadline": deadline_answers(arguments.binary, arguments.deadline_requests, 500),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
