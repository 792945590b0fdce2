import Foundation
import LLMClient
import Mustache

/// The prompt templates, loaded once from a directory of `.mustache` files and checked before use.
///
/// A template renders to chat messages: lines `[system]`, `[user]` and `[assistant]` alone on a line start
/// a message of that role. Item text reaches templates already quoted, so `{{x}}` and `{{{x}}}` are alike.
public struct PromptLibrary: Sendable {
    public let directory: String
    private let templates: [String: MustacheTemplate]

    /// The names every template must be able to render from: see `PromptContext`.
    public static let requiredTemplates = [
        "sequential", "recency", "icl", "palr_profile", "palr_rank", "pointwise", "pointwise_graded", "pointwise_rating", "pairwise",
        "setwise",
    ]

    /// A library of checked templates, refused when one that every request may need is missing.
    /// - Parameters:
    ///   - directory: where the templates came from, named in errors.
    ///   - templates: the templates by name.
    public init(directory: String, templates: [String: PromptTemplate]) throws {
        self.directory = directory
        for name in Self.requiredTemplates where templates[name] == nil {
            throw PromptTemplateError(template: name, message: "\(name).mustache is missing from \(directory)")
        }
        self.templates = templates.mapValues(\.mustache)
    }

    /// A template's text checked against the fields its context provides and parsed.
    static func template(_ text: String, name: String, fieldNames: Set<String> = PromptContext.fieldNames) throws(PromptTemplateError)
        -> MustacheTemplate
    {
        try checkFields(text, template: name, fieldNames: fieldNames)
        do {
            // Prompts are plain text: nothing is HTML-escaped.
            return try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch {
            throw PromptTemplateError(template: name, message: "does not parse as Mustache: \(error)")
        }
    }

    public func has(_ name: String) -> Bool { templates[name] != nil }

    public func render(_ name: String, context: any MustacheParent) throws -> [ChatMessage] {
        guard let template = templates[name] else {
            throw PromptTemplateError(template: name, message: "\(name).mustache is missing from \(directory)")
        }
        return try Self.messages(rendering: template, name: name, context: context)
    }

    /// A parsed template rendered to chat messages; a template that renders no user message is an error.
    static func messages(rendering template: MustacheTemplate, name: String, context: any MustacheParent) throws(PromptTemplateError)
        -> [ChatMessage]
    {
        let messages = Self.messages(from: template.render(PromptSafeContext(base: context)))
        guard messages.contains(where: { $0.role == .user }) else {
            throw PromptTemplateError(template: name, message: "renders no [user] message")
        }
        return messages
    }

    /// Splits rendered text at role marker lines; text before the first marker is a user message.
    static func messages(from text: String) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        var role: ChatMessage.Role = .user
        let utf8 = text.utf8
        // Content runs from `contentStart` to the start of the next marker line, so it is sliced, not rebuilt.
        var contentStart = utf8.startIndex
        var lineStart = utf8.startIndex
        func flush(upTo end: String.Index) {
            let content = String(text[contentStart..<end].trimmingWhitespace())
            if !content.isEmpty { messages.append(ChatMessage(role: role, content: content)) }
        }
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            let next = lineEnd == utf8.endIndex ? lineEnd : utf8.index(after: lineEnd)
            // Only a line holding a marker and nothing else switches roles.
            if utf8[lineStart..<lineEnd].contains(UInt8(ascii: "[")), let marked = Self.role(marking: text[lineStart..<lineEnd]) {
                flush(upTo: lineStart)
                role = marked
                contentStart = next
            }
            lineStart = next
        }
        flush(upTo: utf8.endIndex)
        return messages
    }

    private static func role(marking line: Substring) -> ChatMessage.Role? {
        switch line.trimmingWhitespace() {
        case "[system]": return .system
        case "[user]": return .user
        case "[assistant]": return .assistant
        default: return nil
        }
    }

    /// Rejects a tag naming a field the context never provides, which would otherwise render as nothing.
    static func checkFields(_ text: String, template: String, fieldNames: Set<String> = PromptContext.fieldNames)
        throws(PromptTemplateError)
    {
        if let lastOpen = text.range(of: "{{", options: .backwards), text[lastOpen.upperBound...].range(of: "}}") == nil {
            throw PromptTemplateError(template: template, message: "a '{{' is never closed")
        }
        if let unknown = unknownField(in: text, fieldNames: fieldNames) {
            throw PromptTemplateError(
                template: template,
                message: "unknown field '\(unknown)'; known fields are \(fieldNames.sorted().joined(separator: ", "))")
        }
    }

    /// The first tag naming a field outside `fieldNames`.
    static func unknownField(in text: String, fieldNames: Set<String>) -> String? {
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            var tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if rest.hasPrefix("}") { rest = rest.dropFirst() }
            guard let sigil = tag.first, !"!%>=".contains(sigil) else { continue }
            if "#^/{&".contains(sigil) { tag = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces) }
            if tag.hasSuffix("}") { tag = String(tag.dropLast()).trimmingCharacters(in: .whitespaces) }
            guard tag != ".", !tag.isEmpty else { continue }
            if !fieldNames.contains(String(tag.split(separator: ".").first ?? "")) { return tag }
        }
        return nil
    }
}
