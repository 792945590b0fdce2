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
    /// Pointwise: yes/no or graded; nil keeps the configuration file's `rerank.pointwise_scale`.
    public var pointwiseScale: PointwiseScale?
    /// Pointwise: calls of a list in flight after the warm one; nil keeps `rerank.pointwise_concurrency`.
    public var pointwiseConcurrency: Int?

    public init(
        name: String? = nil, strategy: RankingStrategy = Configuration.Rerank().strategy, prompt: PromptFamily = .sequential,
        votes: Int = 1,
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
        if strategy == .pointwise, let pointwiseScale { parts.append(pointwiseScale.rawValue) }
        if strategy == .pointwise, let pointwiseConcurrency { parts.append("pc\(pointwiseConcurrency)") }
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
        if let pointwiseScale { options.pointwiseScale = pointwiseScale }
        if let pointwiseConcurrency { options.pointwiseConcurrency = pointwiseConcurrency }
        return options
    }

    /// Parses `strategy=listwise,prompt=recency,votes=5,structured=true,fusion=0.3,sweep=true,name=my-run` (and `scoring`,
    /// `set_size`, `top_k`, `fusion_mode`, `calibration`, `pointwise_scale`, `pointwise_concurrency`); keys may be left out.
    public static func parse(_ spec: String) throws -> EvalConfiguration {
        var configuration = EvalConfiguration()
        var options = configuration.apply(to: RerankOptions())
        var set: Set<String> = []
        var name: String?
        for part in spec.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else {
                throw EvalSetupError.badConfiguration(spec: spec, detail: "'\(part)' is not key=value")
            }
            switch pair[0] {
            case "name":
                name = pair[1]
            case "sweep", "position_sweep":
                guard let value = Bool(pair[1]) else {
                    throw EvalSetupError.badConfiguration(spec: spec, detail: "sweep must be true or false")
                }
                configuration.positionSweep = value
            default:
                // Every other key is a ranking option, read and checked by the one table of them.
                let optionName = pair[0] == "structured" ? "structured_output" : pair[0]
                guard specOptions.contains(optionName), let option = RankingOption.named(optionName) else {
                    throw EvalSetupError.badConfiguration(
                        spec: spec,
                        detail: "unknown key '\(pair[0])'; keys are \(specKeys.joined(separator: ", "))")
                }
                guard let value = option.value(fromText: pair[1], given: options) else {
                    throw EvalSetupError.badConfiguration(spec: spec, detail: "\(pair[0]) must be \(option.expected(given: options))")
                }
                option.set(value, in: &options)
                set.insert(optionName)
            }
        }
        configuration.strategy = options.strategy
        configuration.prompt = options.prompt
        configuration.votes = options.votes
        configuration.structuredOutput = options.structuredOutput
        configuration.fusion = options.fusion
        configuration.scoring = options.scoring
        configuration.setSize = options.setSize
        configuration.fusionMode = options.fusionMode
        // Left out, these keep the configuration file's values.
        if set.contains("top_k") { configuration.topK = options.topK }
        if set.contains("calibration") { configuration.calibration = options.calibration }
        if set.contains("pointwise_scale") { configuration.pointwiseScale = options.pointwiseScale }
        if set.contains("pointwise_concurrency") { configuration.pointwiseConcurrency = options.pointwiseConcurrency }
        configuration.name = name ?? configuration.defaultName
        return configuration
    }

    /// The ranking options a spec may set; the others come from the configuration file, the same for every
    /// configuration.
    static let specOptions: Set<String> = [
        "strategy", "prompt", "votes", "structured_output", "fusion", "fusion_mode", "scoring", "set_size", "top_k", "calibration",
        "pointwise_scale", "pointwise_concurrency",
    ]

    /// The keys a spec takes, as its error lists them.
    static let specKeys = [
        "strategy", "prompt", "votes", "structured", "fusion", "fusion_mode", "scoring", "set_size", "top_k", "calibration",
        "pointwise_scale", "pointwise_concurrency", "sweep", "name",
    ]

    /// Every combination of the given values, strategies outermost.
    public static func grid(
        strategies: [RankingStrategy], prompts: [PromptFamily], votes: [Int], structuredOutput: [Bool], fusion: [Double],
        scorings: [ScoringMode] = [.generate], setSizes: [Int] = [4], fusionModes: [FusionMode] = [.rank]
    ) -> [EvalConfiguration] {
        // Each axis multiplies the configurations so far, in the order the axes are listed; an axis may offer values
        // that depend on those already set (set sizes only for setwise, fusion modes only with some fusion).
        var configurations = [EvalConfiguration()]
        func axis<Value>(_ values: (EvalConfiguration) -> [Value], _ set: (inout EvalConfiguration, Value) -> Void) {
            configurations = configurations.flatMap { configuration in
                values(configuration).map { value in
                    var next = configuration
                    set(&next, value)
                    return next
                }
            }
        }
        axis({ _ in strategies }) { $0.strategy = $1 }
        axis({ _ in prompts }) { $0.prompt = $1 }
        axis({ _ in votes }) { $0.votes = $1 }
        axis({ _ in structuredOutput }) { $0.structuredOutput = $1 }
        axis({ _ in scorings }) { $0.scoring = $1 }
        axis({ $0.strategy == .setwise ? setSizes : [4] }) { $0.setSize = $1 }
        axis({ _ in fusion }) { $0.fusion = $1 }
        axis({ $0.fusion == 0 ? [FusionMode.rank] : fusionModes }) { $0.fusionMode = $1 }
        var result: [EvalConfiguration] = []
        for var configuration in configurations {
            configuration.name = configuration.defaultName
            if !result.contains(configuration) { result.append(configuration) }
        }
        return result
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
