#!/usr/bin/env python3
"""Validity, vote agreement and position echo of the listwise engine on real labelled lists.

Runs `rerank-agent serve` over the same lists once per configuration and prints, per configuration:
first-try validity (votes whose answer was a complete permutation as given), repairs, vote agreement
(mean Kendall tau between votes), position echo (tau between the order shown and the order answered),
and tau between the order a single vote is shown (upstream) and the final ranking.

    python3 Evaluation/studies/engine_study.py LISTS.jsonl [--binary .build/release/rerank-agent] [--limit 50]
"""
import argparse
import json
import statistics
import subprocess
import sys
import time

CONFIGURATIONS = [
    ("sequential", {"prompt": "sequential"}),
    ("sequential+schema", {"prompt": "sequential", "structured_output": True}),
    ("recency", {"prompt": "recency"}),
    ("recency+schema", {"prompt": "recency", "structured_output": True}),
    ("icl", {"prompt": "icl"}),
    ("icl+schema", {"prompt": "icl", "structured_output": True}),
    ("palr", {"prompt": "palr"}),
    ("palr+schema", {"prompt": "palr", "structured_output": True}),
    ("sequential+schema votes=5", {"prompt": "sequential", "structured_output": True, "votes": 5, "seed": 1}),
]


def kendall_tau(left, right):
    position = {item: index for index, item in enumerate(right)}
    concordant = discordant = 0
    for i in range(len(left)):
        for j in range(i + 1, len(left)):
            if position[left[i]] < position[left[j]]:
                concordant += 1
            else:
                discordant += 1
    pairs = len(left) * (len(left) - 1) / 2
    return (concordant - discordant) / pairs if pairs else 1.0


def run(binary, lines, options, concurrency):
    requests = []
    for line in lines:
        request = json.loads(line)
        request.pop("labels", None)
        request["options"] = dict(options)
        requests.append(json.dumps(request))
    started = time.time()
    result = subprocess.run(
        [binary, "serve", "--concurrency", str(concurrency)],
        input="\n".join(requests) + "\n", capture_output=True, text=True, check=True)
    return [json.loads(answer) for answer in result.stdout.splitlines()], time.time() - started


def mean(values):
    values = [value for value in values if value is not None]
    return statistics.mean(values) if values else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("lists")
    parser.add_argument("--binary", default=".build/release/rerank-agent")
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--only", default=None, help="comma-separated configuration names")
    arguments = parser.parse_args()
    with open(arguments.lists) as handle:
        lines = [line for line in handle if line.strip()][: arguments.limit]
    wanted = set(arguments.only.split(",")) if arguments.only else None
    print(f"{len(lines)} lists from {arguments.lists}")
    print("| configuration | first-try valid | repaired answers | unknown/dup/missing refs | vote agreement τ | position echo τ | τ(shown order, output) | calls | s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, options in CONFIGURATIONS:
        if wanted and name not in wanted:
            continue
        answers, seconds = run(arguments.binary, lines, options, arguments.concurrency)
        votes = sum(answer["diagnostics"]["votes"] for answer in answers if "diagnostics" in answer)
        valid = sum(answer["diagnostics"]["first_try_valid"] for answer in answers if "diagnostics" in answer)
        repaired = sum(answer["diagnostics"]["repaired"] for answer in answers if "diagnostics" in answer)
        repairs = [answer["diagnostics"]["repairs"] for answer in answers if "diagnostics" in answer]
        calls = sum(answer["diagnostics"]["llm_calls"] for answer in answers if "diagnostics" in answer)
        input_tau = []
        for line, answer in zip(lines, answers):
            request = json.loads(line)
            # The order a single vote is shown: by upstream score, ties in input order (as the service does).
            indexed = list(enumerate(request["candidates"]))
            indexed.sort(key=lambda pair: (pair[1].get("score") is None, -(pair[1].get("score") or 0), pair[0]))
            input_order = [candidate["id"] for _, candidate in indexed]
            output = [entry["id"] for entry in answer.get("ranking", [])]
            if sorted(output) == sorted(input_order):
                input_tau.append(kendall_tau(input_order, output))
        print(
            f"| {name} | {valid}/{votes} ({100 * valid / max(1, votes):.0f} %) | {repaired} | "
            f"{sum(r['unknown'] for r in repairs)}/{sum(r['duplicate'] for r in repairs)}/{sum(r['missing'] for r in repairs)} | "
            f"{mean([a['diagnostics'].get('vote_agreement') for a in answers]):.3f} | "
            f"{mean([a['diagnostics'].get('position_echo') for a in answers]):.3f} | {mean(input_tau):.3f} | {calls} | {seconds:.0f} |",
            flush=True)


if __name__ == "__main__":
    sys.exit(main())
