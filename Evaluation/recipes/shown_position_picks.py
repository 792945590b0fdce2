#!/usr/bin/env python3
"""Position bias of one configuration, read from an eval report's per-list.jsonl: for each position a candidate
was shown at (the `baseline:upstream` ranking is the shown order), how often the configuration ranked it first
and its mean rank. With no position bias every shown position is ranked first 1/K of the time, at mean rank
(K + 1) / 2; a model that echoes the shown order puts position 1 first every time.

    shown_position_picks.py PER_LIST.jsonl SYSTEM [--positions 20]

Prints a Markdown table.
"""
import argparse
import collections
import json


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("per_list")
    parser.add_argument("system")
    parser.add_argument("--positions", type=int, default=20)
    args = parser.parse_args()
    shown, ranked = {}, {}
    with open(args.per_list, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row.get("placement", "as_given") != "as_given":
                continue
            if row["system"] == "baseline:upstream":
                shown[row["list"]] = row["ranking"]
            elif row["system"] == args.system:
                ranked[row["list"]] = row["ranking"]
    lists = [name for name in ranked if name in shown]
    if not lists:
        raise SystemExit(f"no list has both baseline:upstream and {args.system!r} in {args.per_list}")
    first = collections.Counter()
    rank_sum = collections.defaultdict(float)
    count = collections.Counter()
    for name in lists:
        position_of = {item: index for index, item in enumerate(shown[name])}
        for rank, item in enumerate(ranked[name], start=1):
            position = position_of[item]
            rank_sum[position] += rank
            count[position] += 1
            if rank == 1:
                first[position] += 1
    print(f"{args.system}: {len(lists)} lists\n")
    print("| shown position | ranked first | mean rank |")
    print("|---|---|---|")
    for position in range(min(args.positions, max(count) + 1)):
        if count[position]:
            print(f"| {position + 1} | {first[position]} ({100 * first[position] / len(lists):.0f} %) | "
                  f"{rank_sum[position] / count[position]:.1f} |")


if __name__ == "__main__":
    main()
