#!/usr/bin/env python3
"""Turns labelled lists into lists without upstream signal: candidates shuffled (seeded) and their scores removed.

The "model alone" lists of Evaluation/reports/ml-100k-first-token: on them the shown order and the
repair's fallback carry no popularity, so only the model's own judgement can beat random.

    strip_upstream_signal.py IN.jsonl OUT.jsonl [--seed 7]
"""
import argparse
import json
import random


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open(args.source, encoding="utf-8") as source, open(args.target, "w", encoding="utf-8") as target:
        for line in source:
            request = json.loads(line)
            for candidate in request["candidates"]:
                candidate.pop("score", None)
            rng.shuffle(request["candidates"])
            target.write(json.dumps(request) + "\n")


if __name__ == "__main__":
    main()
