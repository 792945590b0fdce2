#!/usr/bin/env python3
"""How firmly a model decides pairwise comparisons, and whether the decisions survive a second asking.

Runs the first N lists of a labelled-list file through `rerank-agent serve --explain` with `strategy: pairwise`,
takes every comparison it made (the same pair in both orders, rendered by the shipped prompt), and asks each of
those prompts again twice against the same endpoint: once one call at a time, once with CONCURRENCY calls in
flight (llama-server batches them when it runs with at least that many slots, `--parallel`). Each call is read as
P(A) / (P(A) + P(B)) from the first token's alternatives (tokens such as " A", "[A", "a" count for A; a label absent
from the alternatives counts 0, where rerank-agent gives it a floor), and a comparison's share for the candidate
shown first is the mean of P(A) in its own order and 1 − P(A) in the other. Prints the spread of the shares around
0.5 and how many comparisons change side between the two askings. Pairs are told apart by the two texts shown, so
two candidates of one list with the same text count once.

    pairwise_margins.py LISTS.jsonl [--lists 3] [--base-url http://127.0.0.1:8013/v1]
                        [--model Qwen2.5-Coder-1.5B-Instruct] [--bin .build/release/rerank-agent] [--concurrency 4]
"""
import argparse
import json
import math
import statistics
import subprocess
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def read_lists(path, count):
    requests = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if len(requests) == count:
                break
            row = json.loads(line)
            row.pop("labels", None)
            row.pop("metadata", None)
            row["options"] = {"strategy": "pairwise", "explain": True}
            requests.append(row)
    return requests


def explained_pairwise_calls(binary, base_url, model, requests):
    """The messages of every pairwise call serve made, keyed by the two texts shown as A and B."""
    lines = "".join(json.dumps(request) + "\n" for request in requests)
    answered = subprocess.run([binary, "serve", "--base-url", base_url, "--model", model],
                              input=lines, capture_output=True, text=True, check=True)
    calls = {}
    for line in answered.stdout.splitlines():
        answer = json.loads(line)
        for call in answer.get("diagnostics", {}).get("explain", []):
            user = next(m["content"] for m in call["messages"] if m["role"] == "user")
            shown = [row[3:] for row in user.splitlines() if row.startswith(("A: ", "B: "))]
            if len(shown) == 2:
                calls[(answer["id"], shown[0], shown[1])] = call["messages"]
    return calls


def probability_of_a(base_url, model, messages):
    body = json.dumps({"model": model, "messages": messages, "max_tokens": 1, "temperature": 0,
                       "logprobs": True, "top_logprobs": 20}).encode()
    request = urllib.request.Request(base_url.rstrip("/") + "/chat/completions", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        completion = json.load(response)
    alternatives = completion["choices"][0]["logprobs"]["content"][0]["top_logprobs"]
    mass = {"A": 0.0, "B": 0.0}
    for alternative in alternatives:
        label = alternative["token"].strip(" \t\n\u0120\u2581[(\"'").rstrip(".:)]\"'").upper()
        if label in mass:
            mass[label] += math.exp(alternative["logprob"])
    total = mass["A"] + mass["B"]
    return mass["A"] / total if total > 0 else None


def shares(calls, base_url, model, concurrency):
    keys = sorted(calls)
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        readings = dict(zip(keys, pool.map(lambda key: probability_of_a(base_url, model, calls[key]), keys)))
    result = {}
    for (list_id, first, second), forward in readings.items():
        backward = readings.get((list_id, second, first))
        if first < second and forward is not None and backward is not None:
            result[(list_id, first, second)] = (forward + (1 - backward)) / 2
    return result, list(readings.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lists")
    parser.add_argument("--lists", dest="count", type=int, default=3)
    parser.add_argument("--base-url", default="http://127.0.0.1:8013/v1")
    parser.add_argument("--model", default="Qwen2.5-Coder-1.5B-Instruct")
    parser.add_argument("--bin", default=".build/release/rerank-agent")
    parser.add_argument("--concurrency", type=int, default=4)
    arguments = parser.parse_args()

    calls = explained_pairwise_calls(arguments.bin, arguments.base_url, arguments.model,
                                     read_lists(arguments.lists, arguments.count))
    alone, readings = shares(calls, arguments.base_url, arguments.model, 1)
    batched, _ = shares(calls, arguments.base_url, arguments.model, arguments.concurrency)
    common = sorted(set(alone) & set(batched))
    if not common:
        raise SystemExit("no comparison was read in both askings: is the endpoint returning logprobs?")
    margins = sorted(abs(alone[key] - 0.5) for key in common)
    flips = sum((alone[key] >= 0.5) != (batched[key] >= 0.5) for key in common)
    drift = [abs(alone[key] - batched[key]) for key in common]
    read = [p for p in readings if p is not None]
    print(f"{len(common)} comparisons ({len(calls)} calls) over {arguments.count} lists")
    print(f"P(A) per call: median {statistics.median(read):.4f}, min {min(read):.4f}, "
          f"P(A) > 0.5 in {sum(p > 0.5 for p in read)} of {len(read)}")
    print(f"|share − 0.5|: median {statistics.median(margins):.4f}, 90th percentile "
          f"{margins[int(0.9 * (len(margins) - 1))]:.4f}, max {margins[-1]:.4f}")
    print(f"share moved between one-at-a-time and {arguments.concurrency} in flight: median "
          f"{statistics.median(drift):.4f}, max {max(drift):.4f}; comparisons that changed side: {flips} of {len(common)}")


if __name__ == "__main__":
    main()
