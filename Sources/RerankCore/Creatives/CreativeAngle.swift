/// The angle a creative is written from: what it says about the product (its benefit, one fact, the moment it is
/// used, who it is for…). Each creative a call asks for has its own, named in the prompt and written as the
/// creative's first field, before its catchphrase.
///
/// Asked for several creatives in one list, the default model wrote the first one's description again for
/// every other (`duplicate` was a third of all refusals), and a later round asked "write different ones" wrote
/// them again. A different angle for each creative gives each a different thing to say; later rounds go on
/// through the angles where the last round stopped, so they ask for new creatives without quoting old ones.
/// A question and a before-and-after were tried as angles and dropped: the default model answered them with long
/// comparisons against products it made up ("The Trailrunner 2 vs. traditional waterproof shoes").
public enum CreativeAngle: String, CaseIterable, Sendable {
    case benefit, feature, moment, audience, feeling, detail, use

    /// What the angle asks for, as the prompt says it.
    public var gloss: String {
        switch self {
        case .benefit: "what it does for the reader"
        case .feature: "one fact about it"
        case .moment: "when or where it is used"
        case .audience: "who it is for"
        case .feeling: "how it feels to use"
        case .detail: "one small detail that stands out"
        case .use: "how it is used"
        }
    }

    /// The angles of `count` creatives asked for after `offset` others, in turn from `benefit` and round again.
    public static func sequence(count: Int, after offset: Int) -> [CreativeAngle] {
        let all = allCases
        return (0..<max(0, count)).map { all[(max(0, offset) + $0) % all.count] }
    }
}
