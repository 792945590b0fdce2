#!/usr/bin/env python3
"""Peak RSS of `rerank-agent serve` with N requests of K candidates in flight at once.

A loopback listener accepts connections and never answers, so every call stays in flight; once all N
requests are waiting, the serve process's VmHWM is read from /proc, then it is stopped.

    python3 Evaluation/benchmarks/memory_in_flight.py [--binary .build/release/rerank-agent] [--requests 64] [--candidates 100]
"""
import argparse
import json
import socket
import subprocess
import threading
import time


def black_hole():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(512)
    held = []

    def accept():
        while True:
            connection, _ = listener.accept()
            held.append(connection)  # never read, never answered

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1], held


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/rerank-agent")
    parser.add_argument("--requests", type=int, default=64)
    parser.add_argument("--candidates", type=int, default=100)
    arguments = parser.parse_args()
    port, held = black_hole()
    process = subprocess.Popen(
        [arguments.binary, "serve", "--base-url", f"http://127.0.0.1:{port}/v1",
         "--concurrency", str(arguments.requests), "--set", f"endpoint.max_concurrent_calls={arguments.requests * 10}",
         "--set", "endpoint.request_timeout_s=600", "--set", "serve.max_candidates=1000", "--set", "rerank.window=100"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    history = [{"id": f"h{i}", "title": f"History movie {i} (1995)", "attributes": {"genre": "Drama|Comedy"}} for i in range(50)]
    for index in range(arguments.requests):
        candidates = [{"id": f"c{i}", "title": f"Candidate movie number {i} (1997)", "score": 1 - i / 1000,
                       "attributes": {"genre": "Action|Sci-Fi"}} for i in range(arguments.candidates)]
        process.stdin.write(json.dumps({"id": f"m{index}", "user": {"history": history}, "candidates": candidates}) + "\n")
    process.stdin.flush()
    deadline = time.time() + 60
    while len(held) < arguments.requests + 1 and time.time() < deadline:  # +1: the start-up probe
        time.sleep(0.1)
    time.sleep(1)
    with open(f"/proc/{process.pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    process.kill()
    print(f"requests in flight: {len(held) - 1} of {arguments.requests}, candidates each: {arguments.candidates}")
    print(f"peak RSS (VmHWM): {int(fields['VmHWM'].split()[0]) / 1024:.1f} MiB, RSS now: {int(fields['VmRSS'].split()[0]) / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
