#!/usr/bin/env python3
"""An independent check that shown texts are finished: written apart from the Swift text rules
(Sources/RerankCore/Quality), sharing no code or word list with them, so that a bug in the rules cannot hide
itself here.

Reads the output of `rerank-agent creatives` or `rerank-agent reasons` (auto-detected per line) and checks every
ACCEPTED text, never the rejected ones:
  - cut:        ends on a comma, semicolon, colon, hyphen or dash, slash, ampersand, opening bracket or ellipsis
                (ASCII, full-width and CJK forms), or on a letter followed by a hyphen ("Pour-");
  - dangling:   the last word is an English article, conjunction or preposition, or the last Chinese/Japanese
                character is a particle that cannot end a phrase;
  - unbalanced: brackets or double quotes that do not pair up;
  - unfinished: a description or reason that does not end with sentence punctuation (. ! ? 。 ！ ？), a closing
                quote or bracket allowed after it;
  - title_only: with --input, a reason that is, ignoring case, punctuation and a trailing year, the item's title.

    check_completeness.py OUTPUT.jsonl [--input INPUT.jsonl] [--json] [--include-rejected]

--include-rejected also checks the texts the rules refused: what the model writes before any rule, the share an
unchecked pipeline would show.

Prints a summary (and with --json a JSON object); exits 1 when any accepted text fails, 0 otherwise.
"""
import argparse
import json
import re
import sys
import unicodedata

CUT_END = re.compile(r"[,;:\-\u2010-\u2015/&(\[{\u2026\u3001\uff0c\uff1b\uff1a\u30fb\uff08\u300c\u300e\u3010\u300a]\s*$")
ENGLISH_DANGLING = {
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "at", "by", "for", "from", "with", "into", "onto",
    "as", "than", "your", "our", "their", "its", "my", "that", "which", "while", "plus", "via", "because", "if",
}
CJK_DANGLING = set("をがはとやの和与或及把被")
SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f\uff0e][\"'\u201d\u2019)\]\u300d\u300f\uff09\u3011\u300b\u3009\u00bb]*\s*$")
PAIRS = ["()", "[]", "{}", "\uff08\uff09", "\u300c\u300d", "\u300e\u300f", "\u3010\u3011", "\u300a\u300b", "\u201c\u201d"]


def problems(text, sentence):
    found = []
    stripped = text.strip()
    if not stripped:
        return ["cut"]
    if CUT_END.search(stripped):
        found.append("cut")
    core = re.sub(r"[.!?\u3002\uff01\uff1f\uff0e\"'\u201d\u2019)\]\u300d\u300f\uff09\u3011\u300b\u3009\u00bb\s]+$", "", stripped)
    words = re.findall(r"[A-Za-z\u00c0-\u024f']+", core)
    if core and re.search(r"[A-Za-z\u00c0-\u024f']$", core) and words and words[-1].lower() in ENGLISH_DANGLING:
        found.append("dangling")
    if core and core[-1] in CJK_DANGLING:
        found.append("dangling")
    if stripped.count('"') % 2:
        found.append("unbalanced")
    for opener, closer in PAIRS:
        if stripped.count(opener) != stripped.count(closer):
            found.append("unbalanced")
            break
    if sentence and not SENTENCE_END.search(stripped):
        found.append("unfinished")
    return found


def fold(text):
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"\(\d{4}\)", "", text)
    text = re.sub(r",\s*(the|a|an)$", "", text.strip())
    return re.sub(r"[\W_]+", "", text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output")
    parser.add_argument("--input", help="the reasons input, to check that no reason is only its item's title")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--include-rejected", action="store_true", help="check refused texts too")
    args = parser.parse_args()

    titles = {}
    if args.input:
        with open(args.input, encoding="utf-8") as source:
            for line in source:
                record = json.loads(line)
                for item in record.get("items", record.get("candidates", [])):
                    titles[(str(record["id"]), str(item["id"]))] = item["title"]

    checked, failing, failures = 0, 0, []
    with open(args.output, encoding="utf-8") as source:
        for line in source:
            record = json.loads(line)
            shown = record.get("creatives", []) + (record.get("rejected", []) if args.include_rejected else [])
            for creative in shown:
                for field, sentence in (("headline", False), ("description", True)):
                    checked += 1
                    found = problems(creative[field], sentence)
                    failing += bool(found)
                    for problem in found:
                        failures.append({"id": record.get("id"), "field": field, "text": creative[field], "check": problem})
            for reason in record.get("reasons", []) + (record.get("reasons_rejected", []) if args.include_rejected else []):
                checked += 1
                found = problems(reason["reason"], True)
                title = titles.get((str(record.get("id")), str(reason["id"])))
                if title is not None and fold(reason["reason"]) in {fold(title), fold(re.sub(r",\s*(The|A|An)\b", "", title))}:
                    found.append("title_only")
                failing += bool(found)
                for problem in found:
                    failures.append({"id": record.get("id"), "field": "reason", "text": reason["reason"], "check": problem})

    by_check = {}
    for failure in failures:
        by_check[failure["check"]] = by_check.get(failure["check"], 0) + 1
    summary = {"texts_checked": checked, "texts_failing": failing, "by_check": by_check, "failures": failures}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"{checked} texts checked, {summary['texts_failing']} failing {by_check or ''}")
        for failure in failures[:20]:
            print(f"  {failure['id']} {failure['field']}: {failure['check']}: {failure['text']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
