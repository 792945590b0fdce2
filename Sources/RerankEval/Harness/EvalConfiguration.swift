import RerankCore

/// One way of asking the model that an evaluation compares: strategy, prompt family, votes, structured output,
/// fusion weight. Everything else comes from the configuration file, the same for every configuration.
public struct EvalConfiguration: Sendable, Hashable {
    public var name: String
    public var strategy: RankingStrategy
    public var prompt: PromptFamily
    public var votes: Int
    public var structuredOutput: Bool
    /// Weight of the upstream order in the final ranking (0: the model alone).
    public var fusion: Double
    /// Also rank every list with the relevant item at the sweep positions (the position-bias study).
    public var positionSweep: Bool
    /// Listwise and setwise: generated text or first-token logits.
    public var scoring = ScoringMode.generate
    /// Setwise: candidates per comparison.
    public var setSize = 4
    /// Setwise: how many leading positions the heap sort orders; nil keeps the configuration file's `rerank.top_k`.
    public var topK: Int?
    /// How the fusion weight blends the two sides.
    public var fusionMode = FusionMode.rank
    /// Listwise logits and setwise: label calibration; nil keeps the configuration file's `rerank.calibration`.
    public var calibration: LabelCalibration?

    public init(
        name: String? = nil, strategy: RankingStrategy = .listwise, prompt: PromptFamily = .sequential, votes: Int = 1,
        structuredOutput: Bool = false, fusion: Double = 0, positionSweep: Bool = false
    ) {
        self.positionSweep = positionSweep
        self.strategy = strategy
        self.prompt = prompt
        self.votes = votes
        self.structuredOutput = structuredOutput
        self.fusion = fusion
        self.name = ""
        self.name = name ?? defaultName
    }

    /// `listwise/sequential/v5/json/f0.3`: the parts that differ from the defaults are named.
    public var defaultName: String {
        var parts = [strategy.rawValue, prompt.rawValue, "v\(votes)"]
        if structuredOutput { parts.append("json") }
        if scoring == .logits { parts.append("logits") }
        if strategy == .setwise, setSize != 4 { parts.append("s\(setSize)") }
        if strategy == .setwise, let topK { parts.append("k\(topK)") }
        if calibration == .contentFree { parts.append("cal") }
        if fusion != 0 { parts.append((fusionMode == .score ? "fs" : "f") + Self.format(fusion)) }
        return parts.joined(separator: "/")
    }

    /// The request options for this configuration on top of the defaults a list already has.
    public func apply(to options: RerankOptions) -> RerankOptions {
        var options = options
        options.strategy = strategy
        options.prompt = prompt
        options.votes = votes
        options.structuredOutput = structuredOutput
        options.fusion = fusion
        options.scoring = scoring
        options.setSize = setSize
        if let topK { options.topK = topK }
        options.fusionMode = fusionMode
        if let calibration { options.calibration = calibration }
        return options
    }

    /// Parses `strategy=listwise,prompt=recency,votes=5,structured=true,fusion=0.3,sweep=true,name=my-run` (and `scoring`,
    /// `set_size`, `top_k`, `fusion_mode`, `calibration`); keys may be left out.
    public static func parse(_ spec: String) throws -> EvalConfiguration {
        var configuration = EvalConfiguration()
        var name: String?
        for part in spec.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else {
                throw EvalSetupError.badConfiguration(spec: spec, detail: "'\(part)' is not key=value")
            }
            switch pair[0] {
            case "strategy":
                guard let value = RankingStrategy(rawValue: pair[1]) else {
                    throw EvalSetupError.badConfiguration(
                        spec: spec, detail: "strategy must be one of \(RankingStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                configuration.strategy = value
            case "prompt":
                guard let value = PromptFamily(rawValue: pair[1]) else {
                    throw EvalSetupError.badConfiguration(
                        spec: spec, detail: "prompt must be one of \(PromptFamily.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                configuration.prompt = value
            case "votes":
                guard let value = Int(pair[1]), OptionBounds.votes.contains(value) else {
                    throw EvalSetupError.badConfiguration(
                        spec: spec, detail: "votes must be a whole number from \(OptionBounds.describe(OptionBounds.votes))")
                }
                configuration.votes = value
            case "structured", "structured_output":
                guard let value = Bool(pair[1]) else {
                    throw EvalSetupError.badConfiguration(spec: spec, detail: "structured must be true or false")
                }
                configuration.structuredOutput = value
            case "fusion":
                guard let value = Double(pair[1]), OptionBounds.fusion.contains(value) else {
                    throw EvalSetupError.badConfiguration(
                        spec: spec, detail: "fusion must be a number from \(OptionBounds.describe(OptionBounds.fusion))")
                }
                configuration.fusion = value
            case "sweep", "position_sweep":
                guard let value = Bool(pair[1]) else {
                    throw EvalSetupError.badConfiguration(spec: spec, detail: "sweep must be true or false")
                }
                configuration.positionSweep = value
            case "scoring":
                guard let value = ScoringMode(rawValue: pair[1]) else {
                    throw EvalSetupError.badConfiguration(
                        spec: spec, detail: "scoring must be one of \(ScoringMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                configuration.scoring = value
            case "set_size":
                guard let value = Int(pair[1]), OptionBounds.setSize.contains(value) else {
                    throw EvalSetupError.badConfiguration(
                        spec: spec, detail: "set_size must be a whole number from \(OptionBounds.describe(OptionBounds.setSize))")
                }
                configuration.setSize = value
            case "top_k":
                guard let value = Int(pair[1]), OptionBounds.topK.contains(value) else {
                    throw EvalSetupError.badConfiguration(
                        spec: spec, detail: "top_k must be a whole number from \(OptionBounds.describe(OptionBounds.topK))")
                }
                configuration.topK = value
            case "fusion_mode":
                guard let value = FusionMode(rawValue: pair[1]) else {
                    throw EvalSetupError.badConfiguration(
                        spec: spec, detail: "fusion_mode must be one of \(FusionMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                configuration.fusionMode = value
            case "calibration":
                guard let value = LabelCalibration(rawValue: pair[1]) else {
                    throw EvalSetupError.badConfiguration(
                        spec: spec,
                        detail: "calibration must be one of \(LabelCalibration.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                configuration.calibration = value
            case "name":
                name = pair[1]
            default:
                throw EvalSetupError.badConfiguration(
                    spec: spec,
                    detail:
                        "unknown key '\(pair[0])'; keys are strategy, prompt, votes, structured, fusion, fusion_mode, scoring, set_size, top_k, calibration, sweep, name"
                )
            }
        }
        configuration.name = name ?? configuration.defaultName
        return configuration
    }

    /// Every combination of the given values, strategies outermost.
    public static func grid(
        strategies: [RankingStrategy], prompts: [PromptFamily], votes: [Int], structuredOutput: [Bool], fusion: [Double],
        scorings: [ScoringMode] = [.generate], setSizes: [Int] = [4], fusionModes: [FusionMode] = [.rank]
    ) -> [EvalConfiguration] {
        var result: [EvalConfiguration] = []
        for strategy in strategies {
            for prompt in prompts {
                for vote in votes {
                    for structured in structuredOutput {
                        for scoring in scorings {
                            for setSize in (strategy == .setwise ? setSizes : [4]) {
                                for weight in fusion {
                                    // A fusion mode only matters with some fusion.
                                    for mode in (weight == 0 ? [FusionMode.rank] : fusionModes) {
                                        var configuration = EvalConfiguration(
                                            strategy: strategy, prompt: prompt, votes: vote, structuredOutput: structured, fusion: weight)
                                        configuration.scoring = scoring
                                        configuration.setSize = setSize
                                        configuration.fusionMode = mode
                                        configuration.name = configuration.defaultName
                                        if !result.contains(configuration) { result.append(configuration) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
