import Mustache

/// One prompt template: its fields checked against the documented context, its text parsed as Mustache.
public struct PromptTemplate: Sendable {
    public let name: String
    let mustache: MustacheTemplate

    /// Checks and parses `text`; an error names the template and what is wrong with it.
    public init(name: String, text: String) throws(PromptTemplateError) {
        mustache = try PromptLibrary.template(text, name: name)
        self.name = name
    }
}
