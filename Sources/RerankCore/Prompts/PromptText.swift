import Mustache

/// Text a template prints, always on one line with no control characters: every piece of request text a
/// template can name reaches it through here, so none can open a message or start a candidate line.
struct PromptText: MustacheCustomRenderable {
    let renderText: String
    var isNull: Bool { false }
    init(_ text: String) { renderText = PromptContext.sanitise(text) }
}
