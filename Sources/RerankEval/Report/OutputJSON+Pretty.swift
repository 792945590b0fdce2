import RerankCore

extension OutputJSON {
    /// Indented JSON for files people open; arrays of scalars and small flat objects stay on one line.
    var prettyPrinted: String {
        var output = ""
        writePretty(to: &output, indent: 0)
        return output
    }

    private func writePretty(to output: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closingPad = String(repeating: "  ", count: indent)
        switch self {
        case .array(let values) where values.isEmpty || values.allSatisfy(\.isScalar):
            write(to: &output)
        case .array(let values):
            output += "[\n"
            for (index, value) in values.enumerated() {
                output += pad
                value.writePretty(to: &output, indent: indent + 1)
                output += index < values.count - 1 ? ",\n" : "\n"
            }
            output += closingPad + "]"
        case .object(let members) where members.count <= 4 && members.allSatisfy({ $0.1.isScalar }):
            write(to: &output)
        case .object(let members):
            output += "{\n"
            for (index, (key, value)) in members.enumerated() {
                output += pad + OutputJSON.string(key).serialized + ": "
                value.writePretty(to: &output, indent: indent + 1)
                output += index < members.count - 1 ? ",\n" : "\n"
            }
            output += closingPad + "}"
        default:
            write(to: &output)
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// A number rounded to 6 decimals, so reports do not carry floating-point noise.
    static func rounded(_ value: Double, places: Double = 1e6) -> OutputJSON {
        .double((value * places).rounded() / places)
    }
}
