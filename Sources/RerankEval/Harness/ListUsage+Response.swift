import JSONLines
import RerankCore
import ResponseCaching

extension ListUsage {
    /// Reads the response's diagnostics and the ledger's calls.
    init(response: RerankResponse, ledger: CallLedger) {
        self.init()
        let diagnostics = response.diagnostics
        counters = diagnostics.counters
        logits = diagnostics.logits
        let json = diagnostics.outputJSON
        positionEcho = Self.member("position_echo", in: json).flatMap(Self.double)
        degraded = response.degraded
        degradedReason = response.degradedReason
        let entries = ledger.entries
        endpointMilliseconds = (entries.reduce(0) { $0 + $1.latencySeconds } * 1000).rounded()
        cacheHits = entries.filter(\.fromCache).count
    }

    /// A member the diagnostics may carry: strategies add their own, read by name so the harness keeps
    /// working as they change.
    static func member(_ name: String, in json: OutputJSON) -> OutputJSON? {
        guard case .object(let members) = json else { return nil }
        return members.first { $0.0 == name }?.1
    }

    static func double(_ value: OutputJSON) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }
}
