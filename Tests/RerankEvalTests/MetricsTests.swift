import Testing
@testable import RerankEval

@Suite("Metrics")
struct MetricsTests {}
