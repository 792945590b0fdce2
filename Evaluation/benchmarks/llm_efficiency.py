#!/usr/bin/env python3
"""Token efficiency and prompt-cache reuse of `rerank-agent serve` on the same real requests.

1. Our default listwise prompt against the zero-shot ranker paper's wording (titles back, "think step by
   step"; Evaluation/benchmarks/paper-prompts/), same requests: prompt and completion tokens, latency, validity.
2. Prompt-cache reuse (usage.prompt_tokens_details.cached_tokens / prompt_tokens) for votes = 5 and pointwise.

    python3 Evaluation/benchmarks/llm_efficiency.py LISTS.jsonl [--binary .build/release/rerank-agent] [--limit 5]
"""
import argparse
import json
import statistics
import subprocess
import time


def serve(binary, lines, options, extra=()):
    requests = []
    for line in lines:
        request = json.loads(line)
        request.pop("labels", None)
        request["options"] = dict(options)
        requests.append(json.dumps(request))
    started = time.time()
    result = subprocess.run([binary, "serve", "--concurrency", "1", *extra], input="\n".join(requests) + "\n",
                            capture_output=True, text=True, check=True)
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    return answers, time.time() - started


def summary(name, answers, seconds):
    d = [a["diagnostics"] for a in answers]
    n = len(d)
    prompt = statistics.mean(x["prompt_tokens"] for x in d)
    completion = statistics.mean(x["completion_tokens"] for x in d)
    cached = sum(x["cached_tokens"] for x in d) / max(1, sum(x["prompt_tokens"] for x in d))
    latency = statistics.mean(x["latency_ms"] for x in d)
    valid = sum(x["first_try_valid"] for x in d)
    votes = sum(max(1, x["votes"]) for x in d)
    missing = sum(x["repairs"]["missing"] for x in d)
    print(f"| {name} | {n} | {prompt:.0f} | {completion:.1f} | {100 * cached:.0f} % | {latency:.0f} | {valid}/{votes} | {missing} | {seconds:.0f} |", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("lists")
    parser.add_argument("--binary", default=".build/release/rerank-agent")
    parser.add_argument("--limit", type=int, default=5)
    arguments = parser.parse_args()
    with open(arguments.lists) as handle:
        lines = [line for line in handle if line.strip()][: arguments.limit]
    print("| run | requests | prompt tokens / request | completion tokens / request | cached share | latency ms / request | first-try valid | missing refs | wall s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    summary("listwise, our prompt", *serve(arguments.binary, lines, {"strategy": "listwise", "prompt": "sequential"}))
    summary("listwise, paper wording", *serve(arguments.binary, lines, {"strategy": "listwise", "prompt": "sequential"},
                                               ["--set", "prompts.directory=Evaluation/benchmarks/paper-prompts",
                                                "--set", "rerank.max_answer_tokens=512"]))
    summary("listwise, our prompt, structured output", *serve(arguments.binary, lines, {"strategy": "listwise", "prompt": "sequential", "structured_output": True}))
    summary("votes = 5, structured output", *serve(arguments.binary, lines, {"strategy": "listwise", "prompt": "sequential", "structured_output": True, "votes": 5, "seed": 3}))
    summary("pointwise", *serve(arguments.binary, lines, {"strategy": "pointwise"}))


if __name__ == "__main__":
    main()
