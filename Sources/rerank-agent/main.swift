import RerankRuntime

// First, before anything can start a thread: a signal that arrives while the process starts waits for the
// command to say what it means (see `TerminationSignals`).
TerminationSignals.shared.hold()
await RerankAgent.mainHoldingSignals()
