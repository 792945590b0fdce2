/// What the request limits cut from one request, reported in `diagnostics.input_cuts` so no cut is silent.
public struct InputCuts: Sendable, Hashable {
    /// Titles longer than serve.max_title_chars, cut to it.
    public var titles = 0
    /// Attribute values longer than serve.max_attribute_chars, cut to it.
    public var attributeValues = 0
    /// Attributes beyond serve.max_attributes per item, left out.
    public var attributesDropped = 0
    /// Item texts longer than serve.max_text_chars, cut to it.
    public var texts = 0

    public init() {}
}
