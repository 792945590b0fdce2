#!/usr/bin/env python3
"""Turns labelled MovieLens lists (`rerank-agent eval build`) into `rerank-agent reasons` input lines.

Each line keeps the user's history and the first ITEMS candidates in the order given, and asks for COUNT
reasons; the labels and metadata are dropped, since reasons need no answer key.

    make_reason_lists.py LISTS.jsonl OUT.jsonl [--items 5] [--count 3]
"""
import argparse
import json

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("lists")
parser.add_argument("output")
parser.add_argument("--items", type=int, default=5)
parser.add_argument("--count", type=int, default=3)
args = parser.parse_args()

with open(args.lists, encoding="utf-8") as source, open(args.output, "w", encoding="utf-8") as out:
    for line in source:
        record = json.loads(line)
        out.write(json.dumps({
            "id": record["id"],
            "user": record["user"],
            "items": record["candidates"][: args.items],
            "count": args.count,
        }, ensure_ascii=False) + "\n")
