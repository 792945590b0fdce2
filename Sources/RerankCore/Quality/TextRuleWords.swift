/// The word lists the text rules rely on, in one place so that a language can be added by adding words.
enum TextRuleWords {
    /// Words a finished phrase does not end on: articles, conjunctions, prepositions and possessives, in
    /// English, French, German, Spanish and Italian, and the Korean "및" (and). Left out on purpose: particles
    /// that read as adverbs at the end of a phrase ("in", "on", "up", French "en"), and words that are also
    /// English words or names a phrase may end on ("pour", "die", "den", "con", "la", "lo", "al", "di", and the
    /// letters "e", "o", "y" as in "Vitamin E" or "Gen Y").
    static let dangling: Set<String> = [
        "a", "an", "the", "and", "or", "but", "nor", "of", "to", "at", "by", "for", "from", "with", "into", "onto",
        "as", "than", "your", "our", "their", "its", "my", "that", "which", "while", "plus", "via", "including",
        "because", "if",
        "et", "ou", "le", "les", "un", "une", "des", "du", "de", "avec", "sans", "au", "aux",
        "und", "oder", "der", "das", "dem", "ein", "eine", "mit", "für", "von", "zum", "zur",
        "el", "los", "las", "una", "para", "por", "del",
        "il", "gli", "per", "della",
        "및",
    ]

    /// Words that, up to `historyCueReach` words before a title, present it as one the user had ("because you
    /// liked X", "fans of X", "if you enjoyed X", "like X"): the place a reason names a history item. English only;
    /// a reason in another language is not read for them.
    static let historyCues: Set<String> = [
        "liked", "loved", "enjoyed", "watched", "saw", "seen", "rated", "like", "love", "enjoy", "fan", "fans", "favorite",
        "favourite", "after", "bought", "read", "played",
    ]

    /// How many words before a title `historyCues` are looked for.
    static let historyCueReach = 4

    /// Auxiliaries a phrase without a final mark does not end on ("Dimmable light is", a headline stopped at its
    /// word bound); with one it may ("Ready when you are!").
    static let danglingUnpunctuated: Set<String> = ["is", "are", "was", "were", "will", "can"]

    /// Words that carry grammar rather than content: not counted as repeats or as echoes of the title.
    static let function: Set<String> = dangling.union([
        "is", "are", "be", "it", "you", "we", "this", "in", "on", "so", "all", "up", "us", "out", "no", "not",
        "can", "will", "more", "just", "every", "each", "one", "any", "s",
    ])

    /// Characters a Chinese or Japanese phrase does not end on: the Japanese case particles を, が, は, と,
    /// や, の, and the Chinese conjunctions and markers 和, 与, 或, 及, 把, 被. に and で are left out: Japanese
    /// copy often ends on an adverb in に ("もっと手軽に").
    static let danglingUnspaced: Set<Character> = ["を", "が", "は", "と", "や", "の", "和", "与", "或", "及", "把", "被"]

    /// Korean particles that leave a phrase hanging when a word ends on them: 의 (of), 를 (object).
    static let danglingHangulEndings: Set<Character> = ["의", "를"]

    /// Marks a phrase does not end on: commas, colons, dashes, slashes, an ampersand, an opening bracket, an
    /// ellipsis, in ASCII and their full-width and CJK forms.
    static let danglingMarks: Set<Character> = [
        ",", ";", ":", "-", "\u{2013}", "\u{2014}", "/", "&", "(", "[", "{", "\u{2026}", "、", "，", "；", "：", "・",
        "（", "「", "『", "【", "《", "〈",
    ]

    /// Marks that end a sentence.
    static let sentenceEnds: Set<Character> = [".", "!", "?", "。", "！", "？", "．"]

    /// Closing marks that may follow a sentence's end ("… a gift.”").
    static let closers: Set<Character> = ["\"", "'", "\u{201D}", "\u{2019}", ")", "]", "」", "』", "）", "】", "》", "〉", "»"]

    /// Bracket and quote pairs that must balance.
    static let pairs: [(Character, Character)] = [
        ("(", ")"), ("[", "]"), ("{", "}"), ("（", "）"), ("「", "」"), ("『", "』"), ("【", "】"), ("《", "》"),
        ("〈", "〉"), ("«", "»"), ("\u{201C}", "\u{201D}"),
    ]
}
