import Foundation
import RerankCore

extension TuneResult {
    /// tuning-curves.svg: the metric on the tuning lists against the upstream weight, one line per candidate and
    /// blend (solid: rank blend, dashed: score blend), each ending at weight 1 in the upstream order's value, with
    /// the upstream and random as reference lines and the chosen point ringed.
    public var curvesChart: String {
        let series = candidates.filter { !$0.sweep.isEmpty }.flatMap { candidate in
            FusionMode.allCases.compactMap { mode -> (name: String, mode: FusionMode, points: [SweepPoint])? in
                let points = candidate.sweep.filter { $0.configuration.fusionMode == mode }
                return points.isEmpty ? nil : (candidate.configuration.name, mode, points)
            }
        }
        let upstream = Bootstrap.mean(tuningUpstream), random = Bootstrap.mean(tuningRandom)
        let left = 70.0, top = 64.0, plotWidth = 560.0, plotHeight = 340.0, legendWidth = 330.0
        let width = left + plotWidth + 30 + legendWidth
        let height = max(top + plotHeight + 64, top + Double(series.count + 2) * 20 + 20)
        var svg = SVGDocument(width: width, height: height)
        svg.text("Tuning curves: \(metric) against the weight of the upstream order", x: 12, y: 24, size: 15, weight: "bold")
        svg.text(
            "\(split.tuning.count) tuning lists, model \(model); every point reuses one model ranking per list", x: 12, y: 42, size: 11,
            fill: "#555")
        let values = series.flatMap { $0.points.map(\.mean) } + [upstream, random]
        let maximum = SVGDocument.axisMaximum(values)
        let xFor = { (weight: Double) in left + plotWidth * weight }
        let yFor = { (value: Double) in top + plotHeight * (1 - min(1, max(0, value / maximum))) }
        for tick in 0...5 {
            let value = maximum * Double(tick) / 5
            svg.line(x1: left, y1: yFor(value), x2: left + plotWidth, y2: yFor(value), stroke: tick == 0 ? "#444" : "#e3e3e3")
            svg.text(String(format: "%.2f", value), x: left - 8, y: yFor(value) + 4, size: 10, anchor: .end, fill: "#555")
        }
        for tick in 0...10 {
            let weight = Double(tick) / 10
            svg.line(x1: xFor(weight), y1: top, x2: xFor(weight), y2: top + plotHeight, stroke: "#f0f0f0")
            svg.text(String(format: "%.1f", weight), x: xFor(weight), y: top + plotHeight + 18, size: 10, anchor: .middle, fill: "#555")
        }
        svg.text(
            "weight of the upstream order (0: the model alone, 1: the upstream order)", x: left + plotWidth / 2, y: top + plotHeight + 40,
            size: 11, anchor: .middle, fill: "#555")
        var legend: [(label: String, colour: String, dash: String?)] = []
        for (name, style) in [(Baseline.upstream.systemName, upstream), (Baseline.random.systemName, random)] {
            let (colour, dash) = SVGDocument.baselineStyle(name)
            svg.line(x1: left, y1: yFor(style), x2: left + plotWidth, y2: yFor(style), stroke: colour, width: 1.4, dash: dash)
            legend.append(("\(name) \(TuneResult.number(style))", colour, dash))
        }
        var candidateIndex: [String: Int] = [:]
        for entry in series {
            let index = candidateIndex[entry.name] ?? candidateIndex.count
            candidateIndex[entry.name] = index
            let colour = SVGDocument.palette[index % SVGDocument.palette.count]
            let dash: String? = entry.mode == .score ? "6 3" : nil
            let points = entry.points.map { (xFor($0.configuration.fusion), yFor($0.mean)) } + [(xFor(1), yFor(upstream))]
            svg.polyline(points, stroke: colour, width: 2.2, dash: dash)
            for point in entry.points {
                svg.circle(
                    x: xFor(point.configuration.fusion), y: yFor(point.mean), radius: 2.6, fill: colour,
                    title: "\(point.configuration.name): \(TuneResult.number(point.mean))")
            }
            legend.append(("\(entry.name), \(entry.mode.rawValue) blend", colour, dash))
        }
        if let chosen, let point = series.flatMap(\.points).first(where: { $0.configuration == chosen }) {
            svg.circle(
                x: xFor(chosen.fusion), y: yFor(point.mean), radius: 7, fill: "none", stroke: "#111",
                title: "chosen: \(chosen.name) \(TuneResult.number(point.mean))")
        }
        for (index, entry) in legend.enumerated() {
            let y = top + Double(index) * 20
            svg.line(x1: left + plotWidth + 30, y1: y, x2: left + plotWidth + 55, y2: y, stroke: entry.colour, width: 2.2, dash: entry.dash)
            svg.text(entry.label, x: left + plotWidth + 62, y: y + 4, size: 11)
        }
        return svg.rendered
    }
}
