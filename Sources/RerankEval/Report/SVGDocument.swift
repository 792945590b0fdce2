import Foundation

/// A minimal SVG writer: enough shapes and text for report charts, with every text escaped, so charts need no
/// network, script or external renderer and open in any browser.
struct SVGDocument {
    let width: Double
    let height: Double
    private var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil, title: String? = nil) {
        let strokeAttribute = stroke.map { " stroke=\"\($0)\"" } ?? ""
        let tooltip = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        elements.append(
            "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" height=\"\(Self.number(max(0, height)))\" fill=\"\(fill)\"\(strokeAttribute)>\(tooltip)</rect>"
        )
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash pattern: String? = nil) {
        let dash = pattern.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        elements.append(
            "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"\(dash)/>"
        )
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash pattern: String? = nil) {
        guard points.count > 1 else { return }
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        let dash = pattern.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        elements.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"\(dash)/>")
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil, title: String? = nil) {
        let tooltip = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        let outline = stroke.map { " stroke=\"\($0)\" stroke-width=\"1.5\"" } ?? ""
        elements.append(
            "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\"\(outline)>\(tooltip)</circle>"
        )
    }

    enum Anchor: String {
        case start, middle, end
    }

    mutating func text(
        _ content: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start, weight: String = "normal",
        fill: String = "#222"
    ) {
        elements.append(
            "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" text-anchor=\"\(anchor.rawValue)\" font-weight=\"\(weight)\" fill=\"\(fill)\">\(Self.escape(content))</text>"
        )
    }

    var rendered: String {
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        output +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        output += "<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#ffffff\"/>\n"
        output += elements.joined(separator: "\n")
        output += "\n</svg>\n"
        return output
    }

    static func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            default: output.append(character)
            }
        }
        return output
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Colours for series, distinguishable and readable on white.
    static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#bcbd22", "#393b79", "#637939", "#843c39",
    ]
    static let baselineColour = "#8a8a8a"

    /// Greys with distinct dash patterns, so baselines read as references and stay apart from each other.
    static func baselineStyle(_ system: String) -> (colour: String, dash: String) {
        switch system {
        case Baseline.upstream.systemName: return ("#4d4d4d", "8 4")
        case Baseline.random.systemName: return ("#9a9a9a", "2 3")
        default: return ("#a67c3d", "10 3 2 3")
        }
    }

    /// A round upper bound for an axis: the next multiple of 0.2 above the largest value (at least 0.2, at most 1), so quarter ticks are round.
    static func axisMaximum(_ values: [Double]) -> Double {
        let top = values.max() ?? 0
        return min(1, max(0.2, (top * 5).rounded(.up) / 5))
    }
}
