/// A prompt template that failed to render, as the failed call it stands for: the call is never made, and
/// diagnostics count it with the template's error, so one broken template reads like any other failed call.
struct RenderFailure: Error {
    let outcome: CallOutcome

    init(_ error: any Error) {
        outcome = CallOutcome(completion: nil, error: .template(error), explained: nil)
    }
}
