#!/usr/bin/env python3
"""`rerank-agent serve --http` against a fake endpoint that answers every call after a fixed delay:

1. added latency: requests sent open-loop at a fixed rate (50 req/s), each a listwise request that needs one call;
   the latency a client sees, less the endpoint's delay, is what the HTTP face and the service add;
2. RSS with N connections open, each after one request (keep-alive), read from /proc;
3. deadline answers: requests with `X-Rerank-Deadline-Ms` against an endpoint far slower than the deadline; how
   long after the deadline the partial answer arrives;
4. throughput: `wrk` (Debian) with 1 to 256 connections, each sending requests back to back;
5. soak: `wrk` for a fixed time at a fixed number of connections, the server's RSS read every few seconds;
6. replicas: two servers behind one nginx (Debian) port against one endpoint, against one server behind it.

    python3 Evaluation/benchmarks/http_serving.py [--binary .build/release/rerank-agent] [--rate 50] [--seconds 20]
        [--only latency,rss,deadline,throughput,soak,replicas] [--soak-seconds 600]
"""
import argparse
import http.client
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
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
    with FixedLatencyEndpoint(2.0) as endpoint:
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


WRK_SCRIPT = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[%s]]
"""


def wrk(port, connections, seconds, folder, path="/v1/rerank", body=LINE):
    """One `wrk` run against 127.0.0.1:`port`: requests/s, latency percentiles, and every request that did not
    come back 2xx (wrk counts non-2xx answers and socket errors apart)."""
    script = os.path.join(folder, "post.lua")
    with open(script, "w") as handle:
        handle.write(WRK_SCRIPT % body)
    threads = max(1, min(2, connections))
    output = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s", "--latency",
         "-s", script, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout

    def number(pattern, default=0.0):
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    def milliseconds(share):
        match = re.search(rf"^\s+{share}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {"connections": connections, "seconds": seconds, "requests": int(number(r"(\d+) requests in")),
            "requests_per_s": round(number(r"Requests/sec:\s+([\d.]+)"), 1),
            "p50_ms": milliseconds(50), "p99_ms": milliseconds(99),
            "non_2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
            "socket_errors": sum(int(count) for count in errors.groups()) if errors else 0}


CAPACITY = ["serve.concurrency=256", "serve.http_max_in_flight=1024", "endpoint.max_concurrent_calls=256"]


def throughput(binary, delay, levels, seconds):
    """At each level, the endpoint called directly by wrk (what the endpoint itself gives: the ceiling), then
    through `serve --http`."""
    with FixedLatencyEndpoint(delay) as endpoint, tempfile.TemporaryDirectory() as folder:
        endpoint_port = int(endpoint.base_url.rsplit(":", 1)[1].split("/")[0])
        process, port = start(binary, endpoint.base_url, CAPACITY)
        runs = []
        try:
            post(port)
            for connections in levels:
                direct = wrk(endpoint_port, connections, seconds, folder, path="/v1/chat/completions", body=CHAT)
                served = wrk(port, connections, seconds, folder)
                runs.append({"connections": connections, "direct": direct, "served": served})
        finally:
            process.terminate()
            process.wait(30)
        return {"endpoint_delay_s": delay, "endpoint_peak_in_flight": endpoint.peak_in_flight, "runs": runs}


def resident_mib(pid):
    status = open(f"/proc/{pid}/status").read()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def soak(binary, delay, connections, seconds):
    """`connections` clients back to back for `seconds`; the server's RSS every 5 s."""
    with FixedLatencyEndpoint(delay) as endpoint, tempfile.TemporaryDirectory() as folder:
        process, port = start(binary, endpoint.base_url, CAPACITY)
        samples, stop = [], threading.Event()

        def sample():
            began = time.monotonic()
            while not stop.wait(5):
                samples.append((round(time.monotonic() - began), round(resident_mib(process.pid), 1)))

        sampler = threading.Thread(target=sample, daemon=True)
        try:
            post(port)
            sampler.start()
            run = wrk(port, connections, seconds, folder)
        finally:
            stop.set()
            sampler.join(10)
            process.terminate()
            process.wait(30)
        rss = [mib for _, mib in samples]
        tenth = max(1, len(rss) // 10)
        return {**run, "endpoint_calls": endpoint.calls, "rss_samples": len(rss),
                "rss_mib_first_tenth_mean": round(statistics.mean(rss[:tenth]), 1),
                "rss_mib_last_tenth_mean": round(statistics.mean(rss[-tenth:]), 1),
                "rss_mib_max": max(rss), "rss_every_5s": samples}


NGINX = """daemon off;
worker_processes 1;
pid %(folder)s/nginx.pid;
error_log %(folder)s/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path %(folder)s/body;
  proxy_temp_path %(folder)s/proxy;
  fastcgi_temp_path %(folder)s/fastcgi;
  uwsgi_temp_path %(folder)s/uwsgi;
  scgi_temp_path %(folder)s/scgi;
  upstream replicas { %(servers)s keepalive 128; }
  server {
    listen 127.0.0.1:%(port)d;
    location / {
      proxy_pass http://replicas;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout 60s;
    }
  }
}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def replicas(binary, delay, per_replica, connections, seconds):
    """One replica, then two, behind the same nginx port; each replica ranks `per_replica` requests at once, so
    one replica is the limit and the endpoint (as many calls at once as arrive) is not."""
    settings = [f"serve.concurrency={per_replica}", f"endpoint.max_concurrent_calls={per_replica}",
                "serve.http_max_in_flight=1024"]
    results = {}
    with FixedLatencyEndpoint(delay) as endpoint, tempfile.TemporaryDirectory() as folder:
        servers = [start(binary, endpoint.base_url, settings) for _ in range(2)]
        try:
            for count in (1, 2):
                port = free_port()
                with open(os.path.join(folder, "nginx.conf"), "w") as handle:
                    handle.write(NGINX % {"folder": folder, "port": port, "servers": " ".join(
                        f"server 127.0.0.1:{serve_port};" for _, serve_port in servers[:count])})
                nginx = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p", folder, "-c",
                                          os.path.join(folder, "nginx.conf")], stderr=subprocess.DEVNULL)
                try:
                    for _ in range(50):
                        try:
                            post(port)
                            break
                        except OSError:
                            time.sleep(0.1)
                    results[f"{count}_replica{'s' if count > 1 else ''}"] = wrk(port, connections, seconds, folder)
                finally:
                    nginx.terminate()
                    nginx.wait(30)
        finally:
            for process, _ in servers:
                process.terminate()
                process.wait(30)
    one, two = results["1_replica"]["requests_per_s"], results["2_replicas"]["requests_per_s"]
    return {"per_replica_concurrency": per_replica, "endpoint_delay_s": delay, **results,
            "ratio": round(two / one, 2) if one else None}


SECTIONS = ("latency", "rss", "deadline", "throughput", "soak", "replicas")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/rerank-agent")
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--deadline-requests", type=int, default=100)
    parser.add_argument("--levels", default="1,4,16,64,256", help="wrk connection counts for the throughput run")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--soak-seconds", type=int, default=600)
    parser.add_argument("--soak-connections", type=int, default=34)
    parser.add_argument("--only", default=",".join(SECTIONS), help="which sections, comma-separated")
    arguments = parser.parse_args()
    os.environ.setdefault("RERANK_AGENT_HOME", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
    chosen = [name for name in arguments.only.split(",") if name]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        raise SystemExit(f"unknown sections {sorted(unknown)}; the sections are {', '.join(SECTIONS)}")
    runs = {
        "latency": lambda: added_latency(arguments.binary, arguments.rate, arguments.seconds, arguments.delay),
        "rss": lambda: rss_with_connections(arguments.binary, arguments.connections),
        "deadline": lambda: deadline_answers(arguments.binary, arguments.deadline_requests, 500),
        "throughput": lambda: throughput(arguments.binary, arguments.delay,
                                         [int(level) for level in arguments.levels.split(",")], arguments.wrk_seconds),
        "soak": lambda: soak(arguments.binary, arguments.delay, arguments.soak_connections, arguments.soak_seconds),
        "replicas": lambda: replicas(arguments.binary, arguments.delay, 8, 64, arguments.wrk_seconds),
    }
    report = {"binary": arguments.binary}
    for name in chosen:
        report[name] = runs[name]()
        print(json.dumps({name: report[name]}), file=sys.stderr, flush=True)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
