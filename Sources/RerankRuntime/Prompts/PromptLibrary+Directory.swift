import Foundation
import RerankCore

extension PromptLibrary {
    /// Loads every `.mustache` file in `directory`, in name order, each checked and parsed.
    /// - Parameters:
    ///   - directory: the folder of `.mustache` files to use.
    ///   - fallback: a folder whose templates fill in any the first one lacks (the shipped Prompts/), so a
    ///     custom folder need only hold the templates it changes.
    public init(directory: String, fallback: String? = nil) throws {
        var templates: [String: PromptTemplate] = [:]
        for folder in [fallback, directory].compactMap({ $0 }) {
            for (name, template) in try Self.load(folder) { templates[name] = template }
        }
        try self.init(directory: directory, templates: templates)
    }

    private static func load(_ directory: String) throws -> [String: PromptTemplate] {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory) else {
            throw PromptTemplateError(
                template: directory, message: "the prompt directory cannot be read; set prompts.directory to a folder of .mustache files")
        }
        var templates: [String: PromptTemplate] = [:]
        for file in names.sorted() where file.hasSuffix(".mustache") {
            let name = String(file.dropLast(".mustache".count))
            let path = (directory as NSString).appendingPathComponent(file)
            guard let text = fileManager.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw PromptTemplateError(template: name, message: "cannot read \(path)")
            }
            templates[name] = try PromptTemplate(name: name, text: text)
        }
        return templates
    }
}
