import Mustache

/// The one way a context reaches a template: every string a template can print, at any depth (a field, a
/// dictionary built for one prompt, an element of a list), goes through `PromptText` and so is printed on
/// one line with no control characters. A value added for one prompt (an id in a re-ask, a problem named
/// by a rule) therefore cannot open a message or start a candidate line, whichever template prints it and
/// whether or not its builder remembered to sanitise it.
struct PromptSafeContext: MustacheParent {
    let base: any MustacheParent

    func child(named name: String) -> Any? {
        base.child(named: name).map(Self.safe)
    }

    /// `value` with every string in it made printable; numbers, flags and already safe text pass unchanged.
    static func safe(_ value: Any) -> Any {
        switch value {
        // The types every shipped field comes as print only `PromptText` already: they pass as they are, so the
        // common path costs one cast.
        case is PromptText, is PromptItem, is [PromptItem], is [PromptAttribute], is Bool, is Int, is Double: return value
        case let text as String: return PromptText(text)
        case let text as Substring: return PromptText(String(text))
        case let parent as any MustacheParent: return PromptSafeContext(base: parent)
        case let list as [Any]: return list.map(safe)
        default: return value
        }
    }
}
