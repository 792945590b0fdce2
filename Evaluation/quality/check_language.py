#!/usr/bin/env python3
"""An independent check that accepted creatives are in the language their ad asks for (`constraints.language`),
written apart from the Swift code and sharing nothing with it. No rule of the creatives job checks the language,
so this is the only place a French ad answered in English shows.

Each accepted creative (headline and description together) of an ad that names a language is judged:
  - Chinese, Japanese, Korean: by script. Korean needs Hangul; Japanese needs kana; Chinese needs Han characters
    and neither kana nor Hangul.
  - English, French, German, Spanish, Italian, Portuguese, Dutch: by common function words. A text is in the wrong
    language when it has more function words of another of these languages than of its own (a text with none of
    any is not judged).
Ads naming another language, or none, are not judged.

    check_language.py ADS.jsonl CREATIVES.jsonl [--json]

Prints a summary (and with --json a JSON object); exits 1 when any accepted creative is in the wrong language.
"""
import argparse
import collections
import json
import re
import sys

FUNCTION_WORDS = {
    "english": "the a an and or of to in for with on your you is are it this that from at by its".split(),
    "french": "le la les un une des et ou de du pour avec sur votre vous est sont ce cette dans au aux en".split(),
    "german": "der die das ein eine und oder mit für auf ihr ihre sie ist sind dem den des im zu von".split(),
    "spanish": "el la los las un una y o de del para con en su sus es son este esta tu al por".split(),
    "italian": "il lo la gli le un una e o di del della per con su tuo tua è sono questo questa nel al".split(),
    "portuguese": "o a os as um uma e ou de do da para com em seu sua é são este esta no na ao".split(),
    "dutch": "de het een en of van voor met op jouw je is zijn dit deze in aan bij".split(),
}
NAMES = {
    "en": "english", "english": "english", "fr": "french", "french": "french", "français": "french",
    "de": "german", "german": "german", "deutsch": "german", "es": "spanish", "spanish": "spanish",
    "español": "spanish", "it": "italian", "italian": "italian", "pt": "portuguese", "portuguese": "portuguese",
    "nl": "dutch", "dutch": "dutch", "ja": "japanese", "japanese": "japanese", "zh": "chinese", "chinese": "chinese",
    "ko": "korean", "korean": "korean",
}
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def language_of(text, wanted):
    """The language the text is judged to be in, or None when it cannot be told."""
    if wanted == "korean":
        return "korean" if HANGUL.search(text) else "other"
    if wanted == "japanese":
        return "japanese" if KANA.search(text) else "other"
    if wanted == "chinese":
        return "chinese" if HAN.search(text) and not KANA.search(text) and not HANGUL.search(text) else "other"
    words = re.findall(r"[^\W\d_]+", text.lower())
    counts = {name: sum(word in set(vocabulary) for word in words) for name, vocabulary in FUNCTION_WORDS.items()}
    best = max(counts.values())
    if best == 0:
        return None
    if counts[wanted] == best:
        return wanted
    return max(counts, key=counts.get)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ads")
    parser.add_argument("creatives")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    wanted = {}
    with open(args.ads, encoding="utf-8") as source:
        for line in source:
            ad = json.loads(line)
            language = ((ad.get("constraints") or {}).get("language") or "").strip().lower()
            if language in NAMES:
                wanted[str(ad["id"])] = NAMES[language]
    checked, failing, undecided = 0, [], 0
    by_language = collections.Counter()
    with open(args.creatives, encoding="utf-8") as source:
        for line in source:
            record = json.loads(line)
            language = wanted.get(str(record.get("id")))
            if language is None:
                continue
            for creative in record.get("creatives") or []:
                text = f"{creative.get('headline', '')} {creative.get('description', '')}"
                judged = language_of(text, language)
                checked += 1
                if judged is None:
                    undecided += 1
                elif judged != language:
                    failing.append({"id": record["id"], "wanted": language, "judged": judged, "text": text})
                    by_language[language] += 1
    result = {"creatives_checked": checked, "wrong_language": len(failing), "undecided": undecided,
              "by_language": dict(by_language), "failures": failing}
    print(f"{checked} accepted creatives of ads naming a language checked, {len(failing)} in another language, "
          f"{undecided} not decidable", file=sys.stderr)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
