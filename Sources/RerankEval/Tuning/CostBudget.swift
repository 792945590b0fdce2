import Foundation

/// The most a chosen configuration may cost per list, as the user states it: calls, prefilled tokens or endpoint
/// seconds (any of them; none is no limit). A candidate configuration measured above it is not run further.
public struct CostBudget: Sendable, Hashable {
    public var calls: Double?
    public var prefillTokens: Double?
    public var endpointSeconds: Double?

    public init(calls: Double? = nil, prefillTokens: Double? = nil, endpointSeconds: Double? = nil) {
        self.calls = calls
        self.prefillTokens = prefillTokens
        self.endpointSeconds = endpointSeconds
    }

    /// The keys `parse` takes.
    public static let keys = ["calls", "prefill", "seconds"]

    /// Parses `calls=30,prefill=20000,seconds=15` (per list; keys may be left out).
    public static func parse(_ text: String) throws(TuneError) -> CostBudget {
        var budget = CostBudget()
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let value = Double(pair[1]), value.isFinite, value > 0 else {
                throw .badBudget(text, detail: "'\(part)' is not key=positive number")
            }
            switch pair[0] {
            case "calls": budget.calls = value
            case "prefill", "prefill_tokens": budget.prefillTokens = value
            case "seconds", "endpoint_seconds": budget.endpointSeconds = value
            default: throw .badBudget(text, detail: "unknown key '\(pair[0])'; keys are \(keys.joined(separator: ", "))")
            }
        }
        return budget
    }

    /// Nil when `cost` is within every stated limit, else what exceeds it: "26.5 calls per list (budget 20)".
    public func excess(_ cost: ListCost) -> String? {
        var over: [String] = []
        if let calls, cost.calls > calls { over.append("\(Self.number(cost.calls)) calls per list (budget \(Self.number(calls)))") }
        if let prefillTokens, cost.prefillTokens > prefillTokens {
            over.append("\(Self.number(cost.prefillTokens)) prefilled tokens per list (budget \(Self.number(prefillTokens)))")
        }
        if let endpointSeconds, cost.endpointSeconds > endpointSeconds {
            over.append("\(Self.number(cost.endpointSeconds)) endpoint s per list (budget \(Self.number(endpointSeconds)))")
        }
        return over.isEmpty ? nil : over.joined(separator: ", ")
    }

    /// The budget as `parse` reads it, or "none".
    public var description: String {
        var parts: [String] = []
        if let calls { parts.append("calls=\(Self.number(calls))") }
        if let prefillTokens { parts.append("prefill=\(Self.number(prefillTokens))") }
        if let endpointSeconds { parts.append("seconds=\(Self.number(endpointSeconds))") }
        return parts.isEmpty ? "none" : parts.joined(separator: ",")
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.1f", value)
    }
}
