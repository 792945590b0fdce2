import Mustache

/// One prompt template: its fields checked against the documented context, its text parsed as Mustache.
public struct PromptTemplate: Sendable {
    public let name: String
    let mustache: MustacheTemplate

    /// Checks and parses `text`; an error names the template and what is wrong with it.
    public init(name: String, text: String) throws(PromptTemplateError) {
        try PromptLibrary.checkFields(text, template: name)
        do {
            // Prompts are plain text: nothing is HTML-escaped.
            mustache = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch {
            throw PromptTemplateError(template: name, message: "does not parse as Mustache: \(error)")
        }
        self.name = name
    }
}
