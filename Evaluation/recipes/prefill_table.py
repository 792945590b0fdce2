#!/usr/bin/env python3
"""The pointwise-prefill figures: per schedule and lists in flight, prefilled tokens per list against the same
lists' single listwise prompt, endpoint and wall seconds, from the timing runs' report.json files.

    python3 Evaluation/recipes/prefill_table.py Evaluation/reports/pointwise-prefill

The listwise prompt of each list is read from the small-model report's listwise-logits run on the same lists
(Evaluation/reports/ml-100k-small-model/alone-logits/per-list.jsonl): one call per list, its prompt tokens.
Writes REPORT/timing.md and REPORT/timing.json and prints the Markdown table.
"""
import glob
import json
import os
import statistics
import sys

LISTWISE = "Evaluation/reports/ml-100k-small-model/alone-logits/per-list.jsonl"


def listwise_prompts():
    prompts = {}
    with open(LISTWISE) as lines:
        for line in lines:
            row = json.loads(line)
            if row.get("system", "").startswith("listwise") and row.get("placement") == "as_given":
                prompts[row["list"]] = row["prompt_tokens"]
    return prompts


def run_figures(folder, listwise):
    report = json.load(open(os.path.join(folder, "report.json")))
    rows = [json.loads(line) for line in open(os.path.join(folder, "per-list.jsonl"))]
    rows = [r for r in rows if r.get("system", "").startswith("pointwise") and r.get("placement") == "as_given"]
    system = next(s for s in report["systems"] if s["kind"] == "configuration")
    ratios = [r["prefill_tokens"] / listwise[r["list"]] for r in rows if r["list"] in listwise]
    lists = len(rows)
    run = report["run"]
    return {
        "run": os.path.basename(folder),
        "lists": lists,
        "in_flight": run["concurrency"],
        "pointwise_concurrency": int(folder.rsplit("-pc", 1)[1]),
        "cache_hits": run["cache"]["hits"],
        "prompt_tokens_per_list": sum(r["prompt_tokens"] for r in rows) / lists,
        "prefill_tokens_per_list": sum(r["prefill_tokens"] for r in rows) / lists,
        "listwise_prompt_tokens_per_list": sum(listwise[r["list"]] for r in rows) / lists,
        "prefill_over_listwise": sum(r["prefill_tokens"] for r in rows) / sum(listwise[r["list"]] for r in rows),
        "prefill_over_listwise_max": max(ratios),
        "endpoint_seconds_per_list": sum(r["endpoint_ms"] for r in rows) / lists / 1000,
        "wall_seconds_per_list": run["wall_seconds"] / lists,
        "list_latency_p50_s": list(run["wall_latency_ms"].values())[0]["p50"] / 1000,
        "ndcg@10": system["metrics"]["ndcg@10"]["mean"],
    }


def main():
    report = sys.argv[1]
    listwise = listwise_prompts()
    runs = [run_figures(folder, listwise) for folder in sorted(glob.glob(os.path.join(report, "timing", "*")))]
    header = ("| run | lists in flight | pointwise_concurrency | prefilled tokens/list | × listwise prompt (max list) "
              "| prompt tokens/list | endpoint s/list | wall s/list | list latency p50 s | NDCG@10 |")
    lines = [header, "|" + " --- |" * 10]
    for r in runs:
        lines.append(
            f"| {r['run']} | {r['in_flight']} | {r['pointwise_concurrency']} | {r['prefill_tokens_per_list']:,.0f} "
            f"| {r['prefill_over_listwise']:.2f} ({r['prefill_over_listwise_max']:.2f}) | {r['prompt_tokens_per_list']:,.0f} "
            f"| {r['endpoint_seconds_per_list']:.1f} | {r['wall_seconds_per_list']:.1f} | {r['list_latency_p50_s']:.1f} "
            f"| {r['ndcg@10']:.3f} |")
    # Means over rounds per (lists in flight, schedule), and the after/before ratios.
    groups = {}
    for r in runs:
        groups.setdefault((r["in_flight"], r["pointwise_concurrency"]), []).append(r)
    lines += ["", "| lists in flight | pointwise_concurrency | runs | prefilled × listwise | wall s/list | list latency p50 s |",
              "| --- | --- | --- | --- | --- | --- |"]
    for (in_flight, schedule), group in sorted(groups.items()):
        lines.append(
            f"| {in_flight} | {schedule} | {len(group)} | {statistics.mean(g['prefill_over_listwise'] for g in group):.2f} "
            f"| {statistics.mean(g['wall_seconds_per_list'] for g in group):.1f} "
            f"| {statistics.mean(g['list_latency_p50_s'] for g in group):.1f} |")
    text = "\n".join(lines) + "\n"
    open(os.path.join(report, "timing.md"), "w").write(text)
    json.dump(runs, open(os.path.join(report, "timing.json"), "w"), indent=1)
    print(text)


if __name__ == "__main__":
    main()
