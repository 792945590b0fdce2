/// A prompt template that cannot be used, found when the templates are loaded rather than at the first request.
public struct PromptTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public var template: String
    public var message: String

    public init(template: String, message: String) {
        self.template = template
        self.message = message
    }

    public var description: String { "prompt template '\(template)': \(message)" }
}
