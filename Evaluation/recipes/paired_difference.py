#!/usr/bin/env python3
"""Paired difference of two systems of an eval report (or of two reports over the same lists), the way the
report compares a configuration with a baseline: mean of (A − B) over the lists both ranked, a 95 % percentile
bootstrap interval (seeded) and the two-sided p-value of the bootstrap distribution shifted to zero.

    paired_difference.py A_PER_LIST.jsonl A_SYSTEM B_PER_LIST.jsonl B_SYSTEM [--metric ndcg@10] [--samples 2000]

Prints one line.
"""
import argparse
import json
import random


def metric_by_list(path, system, metric):
    values = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["system"] == system and row.get("placement", "as_given") == "as_given":
                values[row["list"]] = row["metrics"][metric]
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a_per_list")
    parser.add_argument("a_system")
    parser.add_argument("b_per_list")
    parser.add_argument("b_system")
    parser.add_argument("--metric", default="ndcg@10")
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    a = metric_by_list(args.a_per_list, args.a_system, args.metric)
    b = metric_by_list(args.b_per_list, args.b_system, args.metric)
    lists = sorted(set(a) & set(b))
    if not lists:
        raise SystemExit("no list was ranked by both systems")
    differences = [a[name] - b[name] for name in lists]
    mean = sum(differences) / len(differences)
    rng = random.Random(args.seed)
    means = sorted(sum(rng.choice(differences) for _ in differences) / len(differences) for _ in range(args.samples))
    low, high = means[int(0.025 * args.samples)], means[int(0.975 * args.samples) - 1]
    shifted = [value - mean for value in means]
    p = sum(1 for value in shifted if abs(value) >= abs(mean)) / args.samples
    print(f"{args.a_system} − {args.b_system}, {args.metric}, {len(lists)} lists: {mean:+.3f} [{low:+.3f}, {high:+.3f}] "
          f"p={max(p, 1 / args.samples):.3f}")


if __name__ == "__main__":
    main()
