extension JSONWriter {
    /// The pretty form: arrays of scalars and objects of at most four scalar members stay on one line.
    mutating func writePretty(_ value: OutputJSON, indent: Int) {
        switch value {
        case .array(let elements) where elements.isEmpty || elements.allSatisfy(\.isScalar):
            writeLine(value)
        case .array(let elements):
            writeVerbatim("[\n")
            for (index, element) in elements.enumerated() {
                writePadding(indent + 1)
                writePretty(element, indent: indent + 1)
                writeVerbatim(index < elements.count - 1 ? ",\n" : "\n")
            }
            writePadding(indent)
            writeVerbatim("]")
        case .object(let members) where members.count <= 4 && members.allSatisfy({ $0.1.isScalar }):
            writeLine(value)
        case .object(let members):
            writeVerbatim("{\n")
            for (index, (key, member)) in members.enumerated() {
                writePadding(indent + 1)
                write(key)
                writeVerbatim(": ")
                writePretty(member, indent: indent + 1)
                writeVerbatim(index < members.count - 1 ? ",\n" : "\n")
            }
            writePadding(indent)
            writeVerbatim("}")
        default:
            writeLine(value)
        }
    }

    private mutating func writePadding(_ indent: Int) {
        for _ in 0..<indent { writeVerbatim("  ") }
    }
}
