/// Whether first-token readings are corrected for the model's preference for some labels over others.
///
/// Small models favour certain letters whatever they label (Qwen2.5-Coder-1.5B picked B in 56 % of setwise sets
/// of four and almost never C). Contextual calibration (Zhao et al., 2021) measures that preference on the same
/// prompt with content-free candidates and divides it out.
public enum LabelCalibration: String, Sendable, Hashable, CaseIterable, Codable {
    /// Readings are used as the model gives them.
    case none
    /// One extra call per label count per request shows the same prompt with every candidate replaced by "N/A";
    /// each reading's label log-probabilities then have that call's subtracted (both renormalised over the labels).
    case contentFree = "content_free"
}
