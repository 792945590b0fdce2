#!/usr/bin/env python3
"""The text-quality report: what `rerank-agent creatives` and `rerank-agent reasons` accepted and refused, by rule.

    report.py --ads ADS.jsonl --creatives CREATIVES.jsonl --lists LISTS.jsonl --reasons REASONS.jsonl \
              --check-creatives CHECK.json --check-reasons CHECK.json [--check-reason-facts CHECK.json] --out DIR [--note TEXT]

Writes DIR/report.json and DIR/report.md: per job, texts written, pass rate per rule (share of written texts that
did not break it), refusals per accepted text, share accepted only after a regeneration, texts never accepted (sets
left short, with the rules that kept them short), distinct-2 and self-BLEU of the accepted texts, judge grades if any,
grounded share of reasons, calls, tokens and seconds (per ad, per list), ads that got their full count, ten
accepted creatives and ten reasons verbatim, the independent completeness check's verdict (check_completeness.py
--json output) and the independent check of reasons against the item data (check_reasons.py --json output).
"""
import argparse
import collections
import json
import math
import re


def read(path):
    with open(path, encoding="utf-8") as source:
        return [json.loads(line) for line in source if line.strip()]


def tokens(text):
    # Words of spaced scripts; single characters of Han and kana.
    return re.findall(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_]+", text.lower())


def distinct2(texts):
    grams = [tuple(t[i:i + 2]) for t in map(tokens, texts) for i in range(len(t) - 1)]
    return len(set(grams)) / len(grams) if grams else 0.0


def bleu(candidate, references, n_max=4):
    if not candidate or not references:
        return 0.0
    logs = []
    for n in range(1, n_max + 1):
        grams = collections.Counter(tuple(candidate[i:i + n]) for i in range(len(candidate) - n + 1))
        if not grams:
            break
        best = collections.Counter()
        for reference in references:
            for gram, count in collections.Counter(tuple(reference[i:i + n]) for i in range(len(reference) - n + 1)).items():
                best[gram] = max(best[gram], count)
        clipped = sum(min(count, best[gram]) for gram, count in grams.items())
        logs.append(math.log((clipped + 1) / (sum(grams.values()) + 1)))  # add-one smoothing
    closest = min((abs(len(r) - len(candidate)), len(r)) for r in references)[1]
    brevity = 1.0 if len(candidate) > closest else math.exp(1 - closest / len(candidate))
    return brevity * math.exp(sum(logs) / len(logs)) if logs else 0.0


def self_bleu(texts):
    split = [tokens(t) for t in texts]
    if len(split) < 2:
        return None
    return sum(bleu(split[i], split[:i] + split[i + 1:]) for i in range(len(split))) / len(split)


def mean(values):
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 4) if values else None


def pct(part, whole):
    return round(100 * part / whole, 1) if whole else None


def creatives_section(ads, records, default_count):
    wanted = {ad["id"]: (ad.get("constraints") or {}).get("count", default_count) for ad in ads}
    done = [r for r in records if "creatives" in r]
    written = sum(r["totals"].get("written", 0) for r in done)
    accepted = sum(len(r["creatives"]) for r in done)
    broke = collections.Counter()
    first = collections.Counter()
    for record in done:
        for rejected in record["rejected"]:
            first[rejected["rule"]] += 1
            for rule in rejected.get("rules", [rejected["rule"]]):
                broke[rule] += 1
    short = []
    for record in done:
        if len(record["creatives"]) < wanted.get(record["id"], default_count):
            kept_short_by = collections.Counter(rule for rej in record["rejected"] for rule in rej.get("rules", [rej["rule"]]))
            short.append({"id": record["id"], "wanted": wanted.get(record["id"], default_count), "got": len(record["creatives"]),
                          "rules": dict(kept_short_by.most_common())})
    per_ad_d2 = [distinct2([c["headline"] + " " + c["description"] for c in r["creatives"]]) for r in done if len(r["creatives"]) > 1]
    per_ad_sb = [self_bleu([c["headline"] + " " + c["description"] for c in r["creatives"]]) for r in done]
    grades = collections.Counter(c["scores"]["judge"] for r in done for c in r["creatives"] if "judge" in c["scores"])
    examples = []
    for record in done:
        for creative in record["creatives"][:1]:
            examples.append({"id": record["id"], "headline": creative["headline"], "description": creative["description"]})
    full = [r for r in done if len(r["creatives"]) >= wanted.get(r["id"], default_count)]
    seconds = [r["totals"]["latency_ms"] / 1000 for r in done if "latency_ms" in r["totals"]]
    return {
        "ads_in_input": len(ads), "ads_done": len(done), "errors": len(records) - len(done),
        "ads_with_full_count": len(full), "ads_with_full_count_pct": pct(len(full), len(done)),
        "calls_per_ad": mean([r["totals"]["llm_calls"] for r in done]),
        "seconds_per_ad": mean(seconds), "seconds_per_ad_max": round(max(seconds), 1) if seconds else None,
        "creatives_written": written, "creatives_accepted_into_sets": accepted,
        "creatives_requested": sum(wanted.get(r["id"], default_count) for r in done),
        "refused": sum(first.values()),
        "pass_rate_per_rule_pct": {rule: round(100 - pct(count, written), 1) for rule, count in sorted(broke.items())} if written else {},
        "refused_by_first_rule": dict(first.most_common()),
        "refused_per_accepted_creative": round(sum(first.values()) / accepted, 2) if accepted else None,
        "rounds_per_ad": mean([r["totals"].get("rounds") for r in done]),
        "ads_short_of_count": short,
        "distinct_2_mean_per_ad": mean(per_ad_d2), "self_bleu_mean_per_ad": mean(per_ad_sb),
        "judge_grades": dict(sorted(grades.items())),
        "llm_calls": sum(r["totals"]["llm_calls"] for r in done),
        "prompt_tokens": sum(r["totals"]["prompt_tokens"] for r in done),
        "completion_tokens": sum(r["totals"]["completion_tokens"] for r in done),
        "examples": examples[:10],
    }


def reasons_section(lists, records):
    titles = {(str(l["id"]), str(i["id"])): i["title"] for l in lists for i in l.get("items", [])}
    done = [r for r in records if "reasons" in r]
    accepted = [(r["id"], x) for r in done for x in r["reasons"]]
    rejected = [x for r in done for x in r.get("reasons_rejected", [])]
    written = len(accepted) + len(rejected)
    broke = collections.Counter(rule for x in rejected for rule in x["rules"])
    omitted = [x for r in done for x in r.get("reasons_omitted", [])]
    omitted_by = collections.Counter(x.get("rule") or re.sub(r" \(.*|: .*", "", x["problem"]) for x in omitted)
    grades = collections.Counter(x["scores"]["judge"] for _, x in accepted if "judge" in x["scores"])
    per_list_d2 = [distinct2([x["reason"] for x in r["reasons"]]) for r in done if len(r["reasons"]) > 1]
    per_list_sb = [self_bleu([x["reason"] for x in r["reasons"]]) for r in done]
    examples = [{"list": lid, "item": titles.get((str(lid), str(x["id"])), x["id"]), "reason": x["reason"],
                 "grounded": x["scores"]["grounded"]} for lid, x in accepted]
    seconds = [r["totals"]["latency_ms"] / 1000 for r in done if "latency_ms" in r["totals"]]
    requested = sum(l.get("count", 3) for l in lists if l["id"] in {r["id"] for r in done})
    return {
        "lists_in_input": len(lists), "lists_done": len(done), "errors": len(records) - len(done),
        "accepted_of_requested_pct": pct(len(accepted), requested),
        "calls_per_list": mean([r["totals"]["llm_calls"] for r in done]),
        "seconds_per_list": mean(seconds),
        "reasons_requested": sum(l.get("count", 3) for l in lists if l["id"] in {r["id"] for r in done}),
        "reasons_written": written, "reasons_accepted": len(accepted), "reasons_omitted": len(omitted),
        "pass_rate_per_rule_pct": {rule: round(100 - pct(count, written), 1) for rule, count in sorted(broke.items())} if written else {},
        "omitted_by_rule_or_problem": dict(omitted_by.most_common()),
        "refused_per_accepted_reason": round(len(rejected) / len(accepted), 2) if accepted else None,
        "accepted_after_regeneration_pct": pct(sum(1 for _, x in accepted if x["regenerated"]), len(accepted)),
        "grounded_share_pct": pct(sum(1 for _, x in accepted if x["scores"]["grounded"]), len(accepted)),
        "distinct_2_mean_per_list": mean(per_list_d2), "self_bleu_mean_per_list": mean(per_list_sb),
        "judge_grades": dict(sorted(grades.items())),
        "llm_calls": sum(r["totals"]["llm_calls"] for r in done),
        "prompt_tokens": sum(r["totals"]["prompt_tokens"] for r in done),
        "completion_tokens": sum(r["totals"]["completion_tokens"] for r in done),
        "examples": examples[:: max(1, len(examples) // 10)][:10],
    }


def markdown(report):
    c, r = report["creatives"], report["reasons"]
    lines = [f"# Text quality on the local model", "", report.get("note", ""), ""]
    lines += ["## Creatives", "",
              f"{c['ads_done']} of {c['ads_in_input']} sample ads done ({c['errors']} error records); {c['creatives_written']} creatives written, "
              f"{c['creatives_accepted_into_sets']} accepted into sets of {c['creatives_requested']} requested; {c['refused']} refused "
              f"({c['refused_per_accepted_creative']} per accepted creative); {c['rounds_per_ad']} rounds per ad on average.", "",
              f"Ads that got their full count: {c['ads_with_full_count']} of {c['ads_done']} ({c['ads_with_full_count_pct']} %). "
              f"Calls per ad {c['calls_per_ad']}; seconds per ad {c['seconds_per_ad']} (longest {c['seconds_per_ad_max']}; "
              "wall time of the ad's rounds, with the other job and a second ad sharing the server).", "",
              "| rule | pass rate (share of written creatives not breaking it) |", "| --- | --- |"]
    lines += [f"| `{rule}` | {rate} % |" for rule, rate in c["pass_rate_per_rule_pct"].items()]
    lines += ["", f"Refused, by the first rule broken: {json.dumps(c['refused_by_first_rule'])}.", "",
              f"Distinct-2 (mean per ad): {c['distinct_2_mean_per_ad']}; self-BLEU (mean per ad): {c['self_bleu_mean_per_ad']}. "
              f"Judge grades: {c['judge_grades'] or 'judge not run'}. Calls {c['llm_calls']}, prompt tokens {c['prompt_tokens']}, "
              f"completion tokens {c['completion_tokens']}.", "", "Ads short of their count, and the rules that kept them short (every rule each refused creative broke):", ""]
    lines += [f"- {s['id']}: {s['got']} of {s['wanted']}; {json.dumps(s['rules'], ensure_ascii=False)}" for s in c["ads_short_of_count"]] or ["- none"]
    lines += ["", "Accepted creatives, verbatim (the first of each of the first ten ads done):", ""]
    lines += [f"- {e['id']}: **{e['headline']}** — {e['description']}" for e in c["examples"]]
    lines += ["", "## Reasons", "",
              f"{r['lists_done']} of {r['lists_in_input']} MovieLens-100k lists done; {r['reasons_written']} reasons written, {r['reasons_accepted']} accepted "
              f"of {r['reasons_requested']} requested, {r['reasons_omitted']} omitted; {r['refused_per_accepted_reason']} refused per accepted reason; "
              f"{r['accepted_after_regeneration_pct']} % of accepted ones came from a regeneration. Grounded share of accepted reasons: "
              f"{r['grounded_share_pct']} %. Accepted of requested: {r['accepted_of_requested_pct']} %. Calls per list "
              f"{r['calls_per_list']}; seconds per list {r['seconds_per_list']}.", "",
              "| rule | pass rate (share of written reasons not breaking it) |", "| --- | --- |"]
    lines += [f"| `{rule}` | {rate} % |" for rule, rate in r["pass_rate_per_rule_pct"].items()]
    lines += ["", f"Omitted, by rule or problem: {json.dumps(r['omitted_by_rule_or_problem'])}.", "",
              f"Distinct-2 (mean per list): {r['distinct_2_mean_per_list']}; self-BLEU (mean per list): {r['self_bleu_mean_per_list']}. "
              f"Judge grades: {r['judge_grades'] or 'judge not run'}. Calls {r['llm_calls']}, prompt tokens {r['prompt_tokens']}, "
              f"completion tokens {r['completion_tokens']}.", "", "Accepted reasons, verbatim (every n-th, for ten):", ""]
    lines += [f"- {e['item']}: {e['reason']}" for e in r["examples"]]
    lines += ["", "## Independent completeness check", "", "Evaluation/quality/check_completeness.py on the accepted texts:", ""]
    labels = {"creatives": "accepted creatives (headline and description each)", "reasons": "accepted reasons",
              "creatives_written": "every creative written, refused ones included (what no rules would show)",
              "reasons_written": "every reason written that reached the rules, refused ones included"}
    for name in ("creatives", "reasons", "creatives_written", "reasons_written"):
        check = report["check"].get(name)
        if check:
            lines.append(f"- {labels[name]}: {check['texts_checked']} texts checked, {check['texts_failing']} failing {json.dumps(check['by_check'])}")
    language = report["check"].get("language")
    if language:
        lines += ["", "## Creatives in the ad's language", "",
                  "Evaluation/quality/check_language.py (script for Chinese, Japanese and Korean, function words for the others):", "",
                  f"- {language['creatives_checked']} accepted creatives of ads naming a language checked, "
                  f"{language['wrong_language']} in another language {json.dumps(language['by_language'])}, {language['undecided']} not decidable"]
        lines += [f"  - {f['id']} ({f['wanted']}, read as {f['judged']}): {f['text']}" for f in language["failures"][:10]]
    facts = report["check"].get("reason_facts")
    if facts:
        lines += ["", "## Reasons against the item data", "",
                  "Evaluation/quality/check_reasons.py, reading the lists file (the genres and titles of every item and history):", "",
                  f"- {facts['reasons_checked']} accepted reasons checked, {facts['reasons_failing']} failing {json.dumps(facts['by_check'])}",
                  f"- the most common skeleton (titles, genres, numbers and names masked) covers {facts['top_skeleton_share_pct']} % of "
                  f"accepted reasons ({facts['skeletons_distinct']} distinct skeletons); distinct-2 over all accepted reasons "
                  f"{facts['distinct_2_all']}, mean per list {facts['distinct_2_mean_per_list']}", "", "Most common skeletons:", ""]
        lines += [f"- {s['count']}: `{s['skeleton']}`" for s in facts["top_skeletons"][:5]]
        if facts["failures"]:
            lines += ["", "Failing reasons, verbatim (up to ten):", ""]
            lines += [f"- {f['title']} ({f['check']}): {f['reason']} — {f['detail']}" for f in facts["failures"][:10]]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in ("ads", "creatives", "lists", "reasons", "check-creatives", "check-reasons", "out"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--check-creatives-all", help="check_completeness.py --include-rejected on the creatives")
    parser.add_argument("--check-reasons-all", help="check_completeness.py --include-rejected on the reasons")
    parser.add_argument("--check-reason-facts", help="check_reasons.py --json on the reasons")
    parser.add_argument("--check-language", help="check_language.py --json on the creatives")
    parser.add_argument("--note", default="")
    parser.add_argument("--creatives-count", type=int, default=5, help="creatives per ad asked for by the run (its --count)")
    args = parser.parse_args()
    report = {
        "note": args.note,
        "creatives": creatives_section(read(args.ads), read(args.creatives), args.creatives_count),
        "reasons": reasons_section(read(args.lists), read(args.reasons)),
        "check": {"creatives": json.load(open(args.check_creatives)), "reasons": json.load(open(args.check_reasons))},
    }
    if args.check_creatives_all:
        report["check"]["creatives_written"] = json.load(open(args.check_creatives_all))
    if args.check_reasons_all:
        report["check"]["reasons_written"] = json.load(open(args.check_reasons_all))
    if args.check_reason_facts:
        report["check"]["reason_facts"] = json.load(open(args.check_reason_facts))
    if args.check_language:
        report["check"]["language"] = json.load(open(args.check_language))
    for name, check in report["check"].items():
        if name.endswith("_written"):
            check.pop("failures", None)
    with open(f"{args.out}/report.json", "w", encoding="utf-8") as out:
        json.dump(report, out, ensure_ascii=False, indent=2)
    with open(f"{args.out}/report.md", "w", encoding="utf-8") as out:
        out.write(markdown(report))


if __name__ == "__main__":
    main()
