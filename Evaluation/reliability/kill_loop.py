#!/usr/bin/env python3
"""Kills batch jobs with SIGKILL at random points, again and again, then lets them finish, and checks that the
output holds every input id exactly once: what an uninterrupted run writes, with nothing lost or repeated.

Covers `rerank-agent reasons` and `rerank-agent creatives` (resumable JSONL output) and `rerank-agent eval`
(resumes through its response cache; the rerun must then make no new calls for finished lists).

    python3 Evaluation/reliability/kill_loop.py [--binary .build/debug/rerank-agent] [--kills 10] [--seed 7]
"""
import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def ids_in(path):
    if not os.path.exists(path):
        return []
    ids = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                ids.append(json.loads(line).get("id"))
    return ids


def kill_loop(name, command, input_ids, output, kills, rng):
    for kill in range(kills):
        before = len(ids_in(output)) if output else 0
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        # Kill while the job is writing: once a new record has landed (or after a random wait without an output
        # file), plus a random moment more, so kills fall between and during writes of the records in flight.
        deadline = time.time() + 30
        if output:
            while len(ids_in(output)) <= before and time.time() < deadline and process.poll() is None:
                time.sleep(0.05)
            time.sleep(rng.uniform(0, 1.5))
        else:
            time.sleep(rng.uniform(1.5, 9.0))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        written = ids_in(output) if output else []
        print(f"{name}: kill {kill + 1}: {len(written)} records so far, {len(written) - len(set(written))} repeated", flush=True)
    final = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    if final.returncode != 0:
        print(f"{name}: final run failed: {final.stderr[-500:]}")
        return False
    if output is None:
        return True
    written = ids_in(output)
    ok = sorted(written) == sorted(input_ids) and len(written) == len(set(written))
    print(f"{name}: after {kills} kills: {len(written)} records for {len(input_ids)} inputs, "
          f"{len(written) - len(set(written))} repeated, {len(set(input_ids) - set(written))} lost -> {'OK' if ok else 'FAILED'}")
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/rerank-agent")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    work = tempfile.mkdtemp(prefix="rerank-kill-")
    results = []

    # reasons: twelve small records built from the sample requests.
    samples = [json.loads(line) for line in open(os.path.join(ROOT, "Evaluation/samples/requests.jsonl"))]
    records = []
    for index in range(12):
        base = samples[index % len(samples)]
        records.append({"id": f"reason-{index}", "user": base["user"], "items": base["candidates"][:3], "count": 2})
    reasons_input = os.path.join(work, "reasons.jsonl")
    with open(reasons_input, "w") as handle:
        handle.writelines(json.dumps(record) + "\n" for record in records)
    reasons_output = os.path.join(work, "reasons.out.jsonl")
    results.append(kill_loop("reasons", [arguments.binary, "reasons", "--input", reasons_input, "--output", reasons_output],
                             [r["id"] for r in records], reasons_output, arguments.kills, rng))

    # creatives: the sample ads.
    ads = os.path.join(ROOT, "Evaluation/samples/ads.jsonl")
    ad_ids = [json.loads(line)["id"] for line in open(ads) if line.strip()]
    creatives_output = os.path.join(work, "creatives.out.jsonl")
    results.append(kill_loop("creatives", [arguments.binary, "creatives", "--input", ads, "--output", creatives_output, "--max-rounds", "1"],
                             ad_ids, creatives_output, arguments.kills, rng))

    # eval: killed mid-run, then finished from its cache; a further rerun must be all cache hits.
    lists = os.path.join(work, "lists.jsonl")
    with open(lists, "w") as handle:
        for index, sample in enumerate(samples * 2):
            line = dict(sample, id=f"list-{index}", labels={sample["candidates"][-1]["id"]: 1})
            handle.write(json.dumps(line) + "\n")
    cache = os.path.join(work, "cache.sqlite")
    command = [arguments.binary, "eval", "--lists", lists, "--cache", cache, "--report", os.path.join(work, "report"),
               "--bootstrap-samples", "100", "--random-draws", "2"]
    finished = kill_loop("eval", command, [], None, arguments.kills, rng)
    report = json.load(open(os.path.join(work, "report", "report.json")))
    run = report.get("run", {})
    print(f"eval: final report written; run section: {json.dumps(run)[:300]}")
    rerun = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    again = json.load(open(os.path.join(work, "report", "report.json"))).get("run", {})
    print(f"eval: rerun after the kills: {json.dumps(again)[:300]}")
    results.append(finished and rerun.returncode == 0)
    print("kill loop:", "OK" if all(results) else "FAILED")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
