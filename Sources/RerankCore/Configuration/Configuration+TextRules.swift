extension Configuration {
    /// The creatives section's text-rule settings; an unknown rule name in `creatives.skip_rules` is an error.
    public func creativeTextRules() throws(ConfigurationError) -> TextRules {
        TextRules(
            maxWordRepeats: creatives.maxWordRepeats, echoMaxShare: creatives.echoMaxShare,
            skipped: try TextRules.rules(named: creatives.skipRules, key: "creatives.skip_rules"))
    }

    /// How reasons are written and checked, from the reasons section; an unknown rule name in
    /// `reasons.skip_rules` is an error naming the known ones.
    public func reasonConfiguration(maxCharacters: Int = 200, structuredOutput: Bool = true, judge: TextJudge? = nil)
        throws(ConfigurationError) -> ReasonConfiguration
    {
        let rules = TextRules(
            maxWordRepeats: reasons.maxWordRepeats, echoMaxShare: reasons.echoMaxShare, minWords: reasons.minWords,
            skipped: try TextRules.rules(named: reasons.skipRules, key: "reasons.skip_rules"))
        return ReasonConfiguration(
            maxCharacters: maxCharacters, structuredOutput: structuredOutput, textRules: rules,
            requireGrounding: reasons.requireGrounding, maxRounds: reasons.maxRounds, candidates: reasons.candidates,
            judge: judge)
    }
}
