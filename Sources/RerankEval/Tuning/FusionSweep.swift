import RerankCore

/// Blends each list's stored model ranking with the upstream at every fusion weight and both blends, without a
/// call: the model's ranking does not depend on the weight, so one run of a configuration at weight 0 gives the
/// whole curve. The fused orders come from `RerankService.finalOrder`, the function an answer's order comes from.
public struct FusionSweep: Sendable, Hashable {
    /// Upstream weights swept, ascending, from 0 (the model alone) up to but not including 1, which is the upstream
    /// order itself and is measured as the upstream baseline.
    public var weights: [Double]
    public var modes: [FusionMode]

    /// Weights 0, step, 2·step, … below 1.
    public init(step: Double, modes: [FusionMode] = FusionMode.allCases) {
        let count = step > 0 ? Int((1 / step).rounded(.up)) : 1
        // Rounded to six places so 0.15 is 0.15 and not 0.15000000000000002 in names and in the written config.
        weights = (0..<count).map { (Double($0) * step * 1e6).rounded() / 1e6 }.filter { $0 < 1 }
        self.modes = modes
    }

    /// One point of a sweep: a fused configuration and its metric values on each list.
    public struct Point: Sendable, Hashable {
        /// The candidate run at weight 0 that this point blends.
        public var candidate: String
        /// The candidate at this point's weight and blend, as `eval run` or `serve` would run it.
        public var configuration: EvalConfiguration
        /// Metric values per list (in `MetricSet.names` order), the lists in the order given.
        public var values: [[Double]]
    }

    /// The points of one candidate from its results at weight 0 on `lists` (results of other systems are ignored).
    /// A degraded list keeps its answer, the upstream order, at every weight, as a direct run's would.
    public func points(candidate: EvalConfiguration, results: [ListResult], lists: [LabelledList], runner: EvalRunner) -> [Point] {
        var byList: [Int: ListResult] = [:]
        for result in results where result.system == candidate.name && result.placement == .asGiven { byList[result.listIndex] = result }
        var points: [Point] = []
        for mode in modes {
            for weight in weights {
                var configuration = candidate
                configuration.fusion = weight
                configuration.fusionMode = mode
                configuration.name = configuration.defaultName
                let values = lists.indices.map { index -> [Double] in
                    let list = lists[index]
                    let ranking = ranking(of: byList[index], list: list, configuration: configuration, runner: runner)
                    return runner.settings.metrics.evaluate(ranking, labels: list.labels)
                }
                points.append(Point(candidate: candidate.name, configuration: configuration, values: values))
            }
        }
        return points
    }

    /// The order a direct run of `configuration` would answer, from the stored result at weight 0.
    func ranking(of result: ListResult?, list: LabelledList, configuration: EvalConfiguration, runner: EvalRunner) -> [String] {
        guard let result else { return [] }
        guard let model = result.modelRanking,
            let request = runner.request(for: list, configuration: configuration, placement: .asGiven)
        else { return result.ranking }
        return RerankService.finalOrder(of: model, request: request).order.map { request.candidates[$0].id }
    }
}
