#!/usr/bin/env python3
"""An independent check that accepted reasons say something true about their item, read from the item data
(the lists file the job was given), written apart from the Swift rules (Sources/RerankCore/Reasons) and sharing
no code or word list with them, so that a bug in the rules cannot hide itself here.

For every ACCEPTED reason of `rerank-agent reasons` output:
  - wrong_genre:     it names a genre that is not one of the item's genres. The genres are every value of the
                     `genre` attribute anywhere in the lists file (items and histories), matched as whole words in
                     any letter case, after the titles of the list (history and items) are blanked out, so that
                     "Star Wars" does not name "War";
  - self_reference:  it presents the item itself as one the user had: its title (as written, with or without its
                     year, with a trailing ", The" moved to the front), in the title's own letter case, with one of
                     "liked", "loved", "enjoyed", "watched", "like", "fan(s) of", ... in the four words before it
                     ("Because you liked Foxfire" for Foxfire; "Foxfire is a drama" is fine);
  - not_in_history:  it presents, the same way, another title of the lists file (of two words or more) that is not
                     in this user's history and is not the item, or names anywhere another item of its own list that
                     is not in the history (a reason for one item that speaks of its neighbour);
  - title_echo:      ignoring case, punctuation and a year, it is the item's title.

And over all accepted reasons, their variety:
  - skeleton:        each reason lower-cased with every title of its list, every genre, every number and every
                     other capitalised word past the first (names) replaced by a mask; the share of accepted
                     reasons that the most common skeleton covers, and the ten most common;
  - distinct_2:      distinct word bigrams / all word bigrams over all accepted reasons together, and the mean
                     per list.

    check_reasons.py REASONS.jsonl --input LISTS.jsonl [--json]

Prints a summary (with --json a JSON object); exits 1 when any accepted reason fails a check, 0 otherwise.
"""
import argparse
import collections
import json
import re
import sys

YEAR = re.compile(r"\s*\(\d{4}\)\s*$")


def read(path):
    with open(path, encoding="utf-8") as source:
        return [json.loads(line) for line in source if line.strip()]


def title_forms(title):
    """The ways a title is written: as given, without a trailing year or bracketed alias, and with a trailing
    ", The" / ", A" / ", An" moved to the front."""
    forms = {title.strip()}
    bare = YEAR.sub("", title).strip()
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", bare).strip() or bare
    forms.add(bare)
    match = re.match(r"^(.*), (The|A|An)$", bare)
    if match:
        forms.add(match.group(1))
        forms.add(f"{match.group(2)} {match.group(1)}")
    return {form for form in forms if len(form) >= 3}


def genres_of(item):
    value = (item.get("attributes") or {}).get("genre") or ""
    if isinstance(value, list):
        value = ",".join(value)
    return {part.strip() for part in re.split(r"[|,]", value) if part.strip()}


def word_pattern(phrase, ignore_case):
    return re.compile(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", 0 if not ignore_case else re.IGNORECASE)


def names(text, phrase, ignore_case=False):
    return bool(word_pattern(phrase, ignore_case).search(text))


PAST = {"liked", "loved", "enjoyed", "enjoy", "love", "like", "watched", "watch", "saw", "seen", "rated", "fan", "fans",
        "favorite", "favourite", "after", "bought", "read", "played"}


def named_as_had(text, title):
    """Whether `title` occurs as whole words, in its own case, with a word of PAST among the four before it."""
    for match in word_pattern(title, False).finditer(text):
        before = re.findall(r"[A-Za-z\u00c0-\u024f']+", text[:match.start()])[-4:]
        if any(word.lower() in PAST for word in before):
            return True
    return False


def blank(text, phrases):
    for phrase in sorted(phrases, key=len, reverse=True):
        text = word_pattern(phrase, True).sub(" \u2591 ", text)
    return text


def normal(text):
    return re.sub(r"[\W_]+", " ", YEAR.sub("", text).lower()).strip()


def skeleton(text, titles, genres):
    masked = blank(text, titles).replace("\u2591", "TITLE")
    masked = blank(masked, genres).replace("\u2591", "GENRE")
    masked = re.sub(r"\d+", "NUM", masked)
    words = re.findall(r"[A-Za-z\u00c0-\u024f'\-]+|TITLE|GENRE|NUM", masked)
    out = []
    for index, word in enumerate(words):
        if word in ("TITLE", "GENRE", "NUM"):
            token = word
        elif index > 0 and word[:1].isupper():
            token = "NAME"
        else:
            token = word.lower()
        if out and token == out[-1] and token.isupper():
            continue
        out.append(token)
    return " ".join(out)


def bigrams(text):
    words = re.findall(r"[^\W_]+", text.lower())
    return [tuple(words[i:i + 2]) for i in range(len(words) - 1)]


def distinct2(texts):
    grams = [gram for text in texts for gram in bigrams(text)]
    return round(len(set(grams)) / len(grams), 4) if grams else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reasons")
    parser.add_argument("--input", required=True, help="the lists file the reasons were written for")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    lists = {str(entry["id"]): entry for entry in read(args.input)}
    all_genres = set()
    all_titles = set()
    for entry in lists.values():
        for item in (entry.get("items") or entry.get("candidates") or []) + (entry.get("user") or {}).get("history", []):
            all_genres |= genres_of(item)
            all_titles |= {form for form in title_forms(item["title"]) if len(form.split()) >= 2}

    failures = []
    counts = collections.Counter()
    skeletons = collections.Counter()
    accepted_texts = []
    per_list_d2 = []
    checked = 0
    for record in read(args.reasons):
        entry = lists.get(str(record.get("id")))
        if entry is None or "reasons" not in record:
            continue
        items = {str(item["id"]): item for item in entry.get("items") or entry.get("candidates") or []}
        history = (entry.get("user") or {}).get("history", [])
        history_forms = set().union(*[title_forms(h["title"]) for h in history]) if history else set()
        list_titles = history_forms.union(*[title_forms(i["title"]) for i in items.values()]) if items else history_forms
        texts = []
        for reason in record["reasons"]:
            item = items.get(str(reason["id"]))
            if item is None:
                continue
            text = reason["reason"]
            checked += 1
            texts.append(text)
            own = genres_of(item)
            own_forms = title_forms(item["title"])
            found = []
            rest = blank(text, list_titles)
            wrong = sorted(g for g in all_genres - {x for x in all_genres if x.lower() in {o.lower() for o in own}} if names(rest, g, True))
            if wrong:
                found.append(("wrong_genre", f"names {', '.join(wrong)}; the item's genres are {', '.join(sorted(own)) or 'none'}"))
            in_history = {form.lower() for form in history_forms}
            own_named = [form for form in own_forms if form.lower() not in in_history and named_as_had(text, form)]
            if own_named:
                found.append(("self_reference", f"presents the item itself, {own_named[0]!r}, as one the user had"))
            others = [
                title for title in all_titles
                if title.lower() not in in_history and title not in own_forms and not any(title in form or form in title for form in own_forms)
                # a title inside a history title ("Young Guns" in "Young Guns II") is that history title
                and not any(title.lower() in form for form in in_history)
                and named_as_had(text, title)
            ]
            neighbours = [
                form for other_id, other in items.items() if other_id != str(reason["id"])
                for form in title_forms(other["title"])
                if form.lower() not in in_history and not any(form.lower() in own.lower() for own in own_forms) and names(text, form)
            ]
            if others or neighbours:
                found.append(("not_in_history", f"names {sorted(others + neighbours)[0]!r}, which is not in the user's history"))
            if normal(text) in {normal(form) for form in own_forms}:
                found.append(("title_echo", "it is the item's title"))
            for check, detail in found:
                counts[check] += 1
                failures.append({"list": record["id"], "item": reason["id"], "title": item["title"], "reason": text,
                                 "check": check, "detail": detail})
            skeletons[skeleton(text, list_titles, all_genres)] += 1
        accepted_texts += texts
        if len(texts) > 1:
            per_list_d2.append(distinct2(texts))

    top = skeletons.most_common(10)
    result = {
        "reasons_checked": checked,
        "reasons_failing": len({(f["list"], f["item"]) for f in failures}),
        "by_check": dict(counts),
        "failures": failures,
        "genres_known": sorted(all_genres),
        "skeletons_distinct": len(skeletons),
        "top_skeleton_share_pct": round(100 * top[0][1] / checked, 1) if top else None,
        "top_skeletons": [{"skeleton": s, "count": c} for s, c in top],
        "distinct_2_all": distinct2(accepted_texts),
        "distinct_2_mean_per_list": round(sum(per_list_d2) / len(per_list_d2), 4) if per_list_d2 else None,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(f"{checked} accepted reasons checked, {result['reasons_failing']} failing {dict(counts)}")
        for failure in failures[:20]:
            print(f"  {failure['list']}/{failure['item']} {failure['check']}: {failure['reason']!r} ({failure['detail']})")
        print(f"most common skeleton covers {result['top_skeleton_share_pct']} % ({len(skeletons)} distinct); "
              f"distinct-2 over all {result['distinct_2_all']}, mean per list {result['distinct_2_mean_per_list']}")
        for entry in result["top_skeletons"][:3]:
            print(f"  {entry['count']}: {entry['skeleton']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
