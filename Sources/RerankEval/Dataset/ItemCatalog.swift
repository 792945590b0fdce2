import RerankCore

/// Titles and attributes of items, read from a RecBole `.item` file, so lists show the model what each id is.
public struct ItemCatalog: Sendable {
    /// Items by id.
    public var items: [String: Item]
    /// Every id in file order.
    public var ids: [String]

    /// Title fields, in order of preference.
    static let titleFields = ["title", "movie_title", "name", "item_name", "product_name"]
    /// Attribute names that read better under another name in prompts.
    static let renamed = ["release_year": "year", "class": "genre"]
    /// Fields whose space-separated tokens are a list of values (`Action Adventure` → `Action, Adventure`).
    static let tokenLists: Set<String> = ["class", "genre", "genres"]

    public init(items: [String: Item] = [:], ids: [String] = []) {
        self.items = items
        self.ids = ids
    }

    /// Reads a `.item` file: `item_id:token`, a title field, and any other fields as attributes.
    public init(file: AtomicFile) throws {
        let idColumn = try file.requireColumn("item_id")
        let titleColumn = Self.titleFields.lazy.compactMap { file.column($0) }.first
        var items: [String: Item] = [:]
        var ids: [String] = []
        for (index, row) in file.rows.enumerated() {
            let id = row[idColumn].trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else {
                throw DatasetError.badRow(path: file.path, line: index + 2, detail: "the item_id is empty")
            }
            let rawTitle = titleColumn.map { HTMLEntities.decode(row[$0]).trimmingCharacters(in: .whitespaces) } ?? ""
            var attributes: [Item.Attribute] = []
            for (column, field) in file.fields.enumerated() where column != idColumn && column != titleColumn {
                var value = HTMLEntities.decode(row[column]).trimmingCharacters(in: .whitespaces)
                guard !value.isEmpty else { continue }
                if Self.tokenLists.contains(field.name) {
                    value = value.split(separator: " ").joined(separator: ", ")
                }
                attributes.append(Item.Attribute(name: Self.renamed[field.name] ?? field.name, value: value))
            }
            if items[id] == nil { ids.append(id) }
            items[id] = Item(id: id, title: rawTitle.isEmpty ? "item \(id)" : rawTitle, attributes: attributes)
        }
        self.items = items
        self.ids = ids
    }

    /// The item for an id, or a placeholder titled by its id when the catalogue does not list it.
    public func item(_ id: String) -> Item {
        items[id] ?? Item(id: id, title: "item \(id)")
    }
}
