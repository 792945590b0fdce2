#!/usr/bin/env python3
"""An item-kNN ranker trained on the training part of a RecBole .inter file, written as a TREC run of candidates.

The split is the one `rerank-agent eval build` makes: each user's interactions sorted by timestamp (ties keep
file order), the last one held out. Only the other interactions train the model, so the held-out item is never
seen. Item-item cosine similarity over the binary user-item matrix, each item keeping its K nearest neighbours;
a user's score for an unseen item is the sum of its similarities to the user's training items.

Usage: itemknn.py INTER_FILE OUTPUT_RUN [--depth 50] [--neighbours 50]
Writes `user_id Q0 item_id rank score itemknn` lines, the --depth best unseen items per user, for
`rerank-agent eval build --candidates OUTPUT_RUN`. Prints hit rates of the held-out item on stderr.
"""
import argparse
import sys

import numpy as np


def read_split(path):
    with open(path, encoding="utf-8-sig") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        names = [field.split(":")[0] for field in header]
        user_col, item_col = names.index("user_id"), names.index("item_id")
        time_col = names.index("timestamp") if "timestamp" in names else None
        events = {}
        for row, line in enumerate(handle):
            fields = line.rstrip("\n").split("\t")
            if len(fields) < len(names):
                continue
            time = float(fields[time_col]) if time_col is not None else 0.0
            events.setdefault(fields[user_col], []).append((time, row, fields[item_col]))
    train, target = {}, {}
    for user, items in events.items():
        ordered = [item for _, _, item in sorted(items)]
        if len(ordered) < 2:
            continue
        target[user] = ordered[-1]
        train[user] = ordered[:-1]
    return train, target


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inter")
    parser.add_argument("output")
    parser.add_argument("--depth", type=int, default=50)
    parser.add_argument("--neighbours", type=int, default=50)
    args = parser.parse_args()

    train, target = read_split(args.inter)
    users = sorted(train, key=lambda u: (len(u), u))
    items = sorted({item for history in train.values() for item in history} | set(target.values()), key=lambda i: (len(i), i))
    item_index = {item: index for index, item in enumerate(items)}
    matrix = np.zeros((len(users), len(items)), dtype=np.float64)
    for row, user in enumerate(users):
        for item in train[user]:
            matrix[row, item_index[item]] = 1.0
    norms = np.sqrt(matrix.sum(axis=0))
    norms[norms == 0] = 1.0
    similarity = (matrix.T @ matrix) / np.outer(norms, norms)
    np.fill_diagonal(similarity, 0.0)
    if args.neighbours < len(items):
        cutoff = np.partition(similarity, -args.neighbours, axis=1)[:, -args.neighbours][:, None]
        similarity = np.where(similarity >= cutoff, similarity, 0.0)

    hits = {10: 0, 20: 0, args.depth: 0}
    with open(args.output, "w", encoding="utf-8") as out:
        for row, user in enumerate(users):
            scores = matrix[row] @ similarity.T
            scores[matrix[row] > 0] = -np.inf
            order = np.lexsort((np.arange(len(items)), -scores))[: args.depth]
            ranked = [items[index] for index in order]
            for cut in hits:
                hits[cut] += target[user] in ranked[:cut]
            for rank, index in enumerate(order, start=1):
                out.write(f"{user} Q0 {items[index]} {rank} {scores[index]:.6f} itemknn\n")
    total = len(users)
    summary = ", ".join(f"held-out item in top {cut}: {count}/{total} ({count / total:.1%})" for cut, count in sorted(hits.items()))
    sys.stderr.write(f"itemknn: {total} users, {len(items)} items; {summary}\n")


if __name__ == "__main__":
    main()
