import ArgumentParser

/// An option's values given as one comma-separated argument, as eval's grid options take them:
/// `--prompt sequential,recency`. A bad or empty part makes the whole argument invalid.
struct CommaSeparated<Value: ExpressibleByArgument>: ExpressibleByArgument {
    var values: [Value]

    init?(argument: String) {
        var values: [Value] = []
        for part in argument.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let value = Value(argument: part) else { return nil }
            values.append(value)
        }
        guard !values.isEmpty else { return nil }
        self.values = values
    }

    static var allValueStrings: [String] { Value.allValueStrings }
}
