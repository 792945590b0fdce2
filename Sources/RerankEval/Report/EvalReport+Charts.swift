import Foundation

extension EvalReport {
    /// ndcg.svg: one panel per NDCG cut-off, one row per system, the mean as a bar and the 95 % interval as a whisker.
    public var ndcgChart: String {
        let cutoffs = summary.metricNames.enumerated().filter { $0.element.hasPrefix("ndcg@") }
        let rows = summary.rows.filter { $0.placement == .asGiven }
        let labelWidth = 230.0, panelWidth = 190.0, panelGap = 34.0, rowHeight = 24.0, top = 70.0, bottom = 40.0
        let width = labelWidth + Double(cutoffs.count) * (panelWidth + panelGap) + 10
        let height = top + Double(rows.count) * rowHeight + bottom
        var svg = SVGDocument(width: width, height: height)
        svg.text(
            "NDCG@K per system (mean, 95 % bootstrap interval), \(summary.listIDs.count) lists, model \(model)", x: 12, y: 24, size: 15,
            weight: "bold")
        let maximum = SVGDocument.axisMaximum(rows.flatMap { row in cutoffs.map { row.estimates[$0.offset].high } })
        for (panel, cutoff) in cutoffs.enumerated() {
            let left = labelWidth + Double(panel) * (panelWidth + panelGap)
            svg.text(Self.label(cutoff.element), x: left + panelWidth / 2, y: top - 16, size: 13, anchor: .middle, weight: "bold")
            for tick in 0...4 {
                let value = maximum * Double(tick) / 4
                let x = left + panelWidth * Double(tick) / 4
                svg.line(x1: x, y1: top - 6, x2: x, y2: top + Double(rows.count) * rowHeight, stroke: tick == 0 ? "#444" : "#e3e3e3")
                svg.text(String(format: "%.2f", value), x: x, y: height - bottom + 18, size: 10, anchor: .middle, fill: "#555")
            }
            for (index, row) in rows.enumerated() {
                let estimate = row.estimates[cutoff.offset]
                let y = top + Double(index) * rowHeight
                let colour = row.configuration == nil ? SVGDocument.baselineColour : SVGDocument.palette[index % SVGDocument.palette.count]
                let scale = { (value: Double) in left + panelWidth * min(1, max(0, value / maximum)) }
                svg.rect(
                    x: left, y: y + 5, width: scale(estimate.mean) - left, height: rowHeight - 10, fill: colour,
                    title: "\(row.system) \(Self.label(cutoff.element)) \(Self.format(estimate))")
                let middle = y + rowHeight / 2
                svg.line(x1: scale(estimate.low), y1: middle, x2: scale(estimate.high), y2: middle, stroke: "#111", width: 1.5)
                svg.line(x1: scale(estimate.low), y1: middle - 5, x2: scale(estimate.low), y2: middle + 5, stroke: "#111", width: 1.5)
                svg.line(x1: scale(estimate.high), y1: middle - 5, x2: scale(estimate.high), y2: middle + 5, stroke: "#111", width: 1.5)
            }
        }
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight + rowHeight / 2 + 4
            svg.text(row.system, x: labelWidth - 10, y: y, size: 12, anchor: .end, fill: row.configuration == nil ? "#555" : "#111")
        }
        return svg.rendered
    }

    /// position-bias.svg: the primary metric against where the relevant item was shown, one line per system;
    /// nil when the run had no position sweep.
    public var positionBiasChart: String? {
        guard summary.hasPositionSweep, let metric = summary.metricIndex(primaryMetric) else { return nil }
        let systems = configurations.map(\.name) + Baseline.allCases.map(\.systemName)
        let series: [(system: String, isBaseline: Bool, points: [Estimate?])] = systems.compactMap { system in
            let points = SweepPosition.allCases.map { summary.row(system, .swept($0))?.estimates[metric] }
            guard points.contains(where: { $0 != nil }) else { return nil }
            return (system, system.hasPrefix("baseline:"), points)
        }
        guard !series.isEmpty else { return nil }
        let left = 70.0, top = 60.0, plotWidth = 520.0, plotHeight = 320.0, legendWidth = 260.0
        let width = left + plotWidth + 30 + legendWidth
        let height = max(top + plotHeight + 60, top + Double(series.count) * 20 + 20)
        var svg = SVGDocument(width: width, height: height)
        svg.text("Position bias: \(Self.label(primaryMetric)) by where the relevant item is shown", x: 12, y: 24, size: 15, weight: "bold")
        svg.text("\(summary.listIDs.count) lists, model \(model); whiskers: 95 % bootstrap interval", x: 12, y: 42, size: 11, fill: "#555")
        let maximum = SVGDocument.axisMaximum(series.flatMap { $0.points.compactMap { $0?.high } })
        let positions = SweepPosition.allCases
        let xFor = { (index: Int) in left + plotWidth * Double(index) / Double(max(1, positions.count - 1)) }
        let yFor = { (value: Double) in top + plotHeight * (1 - min(1, max(0, value / maximum))) }
        for tick in 0...5 {
            let value = maximum * Double(tick) / 5
            svg.line(x1: left, y1: yFor(value), x2: left + plotWidth, y2: yFor(value), stroke: tick == 0 ? "#444" : "#e3e3e3")
            svg.text(String(format: "%.2f", value), x: left - 8, y: yFor(value) + 4, size: 10, anchor: .end, fill: "#555")
        }
        for (index, position) in positions.enumerated() {
            svg.line(x1: xFor(index), y1: top, x2: xFor(index), y2: top + plotHeight, stroke: "#f0f0f0")
            svg.text(
                position.rawValue.replacingOccurrences(of: "_", with: " "), x: xFor(index), y: top + plotHeight + 20, size: 11,
                anchor: .middle)
        }
        svg.text(
            "position of the relevant item in the shown list", x: left + plotWidth / 2, y: top + plotHeight + 42, size: 11, anchor: .middle,
            fill: "#555")
        var configurationIndex = 0
        for (index, entry) in series.enumerated() {
            let colour: String
            var dash: String?
            if entry.isBaseline {
                (colour, dash) = SVGDocument.baselineStyle(entry.system)
            } else {
                colour = SVGDocument.palette[configurationIndex % SVGDocument.palette.count]
                configurationIndex += 1
            }
            let points = entry.points.enumerated().compactMap { position, estimate in estimate.map { (xFor(position), yFor($0.mean)) } }
            svg.polyline(points, stroke: colour, width: entry.isBaseline ? 1.8 : 2.4, dash: dash)
            for (position, estimate) in entry.points.enumerated() {
                guard let estimate else { continue }
                svg.line(x1: xFor(position), y1: yFor(estimate.low), x2: xFor(position), y2: yFor(estimate.high), stroke: colour, width: 1)
                svg.circle(
                    x: xFor(position), y: yFor(estimate.mean), radius: 3.5, fill: colour,
                    title: "\(entry.system) at \(positions[position].rawValue): \(Self.format(estimate))")
            }
            let legendY = top + Double(index) * 20
            svg.line(x1: left + plotWidth + 30, y1: legendY, x2: left + plotWidth + 55, y2: legendY, stroke: colour, width: 2.2, dash: dash)
            svg.text(entry.system, x: left + plotWidth + 62, y: legendY + 4, size: 11)
        }
        return svg.rendered
    }
}
