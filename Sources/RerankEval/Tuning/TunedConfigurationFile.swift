import Foundation
import JSONLines
import RerankCore

/// tuned.yaml: a configuration file that `serve`, `rerank` and `eval` read (`--config tuned.yaml`), holding the
/// configuration in effect during the tune with the written choice in its `rerank:` section, and the evidence for
/// it in comments: the tuning and confirmation figures, the cost per list, the model and the endpoint.
public struct TunedConfigurationFile: Sendable {
    /// The configuration the file sets, as the loader reads it back.
    public let configuration: Configuration
    /// The file's text.
    public let text: String

    /// The file for `result` on top of `base`, the configuration the tune ran under.
    public init(result: TuneResult, base: Configuration) throws {
        let loader = ConfigurationLoader(environment: [:])
        let tuned = try loader.load(
            yaml: Self.yaml(base, keys: ConfigurationKey.all), path: "the configuration in effect",
            overrides: Self.settings(result.written))
        // Every rerank key, the endpoint's identity, and whatever else differs from the built-in defaults.
        let written = ConfigurationKey.all.filter { key in
            key.section == "rerank" || key.name == "endpoint.base_url" || key.name == "endpoint.model"
                || key.value(in: tuned) != key.defaultValue
        }
        configuration = tuned
        text = Self.comments(result) + Self.yaml(tuned, keys: written)
    }

    /// The configuration keys that make `configuration` rank as it does, as `--set` pairs.
    public static func settings(_ configuration: EvalConfiguration) -> [(key: String, value: String)] {
        var pairs: [(String, String)] = [
            ("rerank.strategy", configuration.strategy.rawValue), ("rerank.prompt", configuration.prompt.rawValue),
            ("rerank.votes", String(configuration.votes)), ("rerank.structured_output", String(configuration.structuredOutput)),
            ("rerank.scoring", configuration.scoring.rawValue), ("rerank.set_size", String(configuration.setSize)),
            ("rerank.fusion", EvalConfiguration.format(configuration.fusion)), ("rerank.fusion_mode", configuration.fusionMode.rawValue),
        ]
        if let topK = configuration.topK { pairs.append(("rerank.top_k", String(topK))) }
        if let calibration = configuration.calibration { pairs.append(("rerank.calibration", calibration.rawValue)) }
        if let scale = configuration.pointwiseScale { pairs.append(("rerank.pointwise_scale", scale.rawValue)) }
        if let concurrency = configuration.pointwiseConcurrency { pairs.append(("rerank.pointwise_concurrency", String(concurrency))) }
        return pairs
    }

    /// Writes the file, replacing any file at `path`.
    public func write(to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw TuneError.cannotWriteConfiguration(path: path, reason: error.localizedDescription)
        }
    }

    /// The keys' values in block style, one section after another, in the order of the key table.
    static func yaml(_ configuration: Configuration, keys: [ConfigurationKey]) -> String {
        var lines: [String] = []
        var section = ""
        for key in keys {
            if key.section != section {
                if !lines.isEmpty { lines.append("") }
                section = key.section
                lines.append("\(section):")
            }
            lines.append("  \(key.name.dropFirst(section.count + 1)): \(scalar(key.value(in: configuration)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A value in YAML's flow style with every string quoted as JSON quotes it, which YAML reads the same.
    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number: return value.plainText
        case .string(let text): return OutputJSON.string(text).serialized
        case .array(let items): return "[" + items.map(scalar).joined(separator: ", ") + "]"
        case .object(let members):
            return "{"
                + members.keys.sorted().map { "\(OutputJSON.string($0).serialized): \(scalar(members[$0] ?? .null))" }
                .joined(separator: ", ") + "}"
        }
    }

    /// The evidence, as comment lines.
    static func comments(_ result: TuneResult) -> String {
        var lines = [
            "Written by `rerank-agent eval tune` on \(ISO8601DateFormatter().string(from: Date())).",
            "Tuned on model \(result.model) at \(result.baseURL), lists \(result.listsSource):",
            "\(result.split.tuning.count) tuning and \(result.split.confirmation.count) confirmation lists (\(result.split.method.rawValue), seed \(result.split.seed)), metric \(result.metric), budget per list \(result.settings.budget.description).",
        ]
        lines.append(result.verdict)
        if let tuning = result.tuning, let chosen = result.chosen {
            lines.append(
                "Tuning lists: \(chosen.name) \(TuneResult.number(tuning.chosen.mean)) against upstream \(TuneResult.number(tuning.upstream.mean)) "
                    + "(best of \(result.selectionCount) points, so optimistic).")
        }
        if let confirmation = result.confirmation {
            let random = confirmation.againstRandom.map {
                "; against random \(TuneResult.signed($0.difference.mean)) [\(TuneResult.signed($0.difference.low)), \(TuneResult.signed($0.difference.high))], \(TuneResult.p($0.pValue))"
            }
            lines.append(
                "Confirmation lists: \(TuneResult.number(confirmation.chosen.mean)) [\(TuneResult.number(confirmation.chosen.low)), "
                    + "\(TuneResult.number(confirmation.chosen.high))] against upstream \(TuneResult.number(confirmation.upstream.mean))\(random ?? "")."
            )
        }
        let cost = result.writtenCost
        lines.append(
            "Cost per list of what is written: \(TuneResult.cost(cost.calls)) calls, \(TuneResult.cost(cost.prefillTokens)) prefilled tokens, "
                + "\(TuneResult.cost(cost.endpointSeconds)) endpoint s.")
        if !result.confirmed {
            lines.append("rerank.fusion 1 keeps the upstream order and makes no ranking call; the model is asked only for reasons.")
        }
        return lines.map { "# " + $0 }.joined(separator: "\n") + "\n\n"
    }
}
