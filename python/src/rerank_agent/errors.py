"""Errors raised by the Python front end; each message says what to do next."""


class RerankerError(RuntimeError):
    """The binary failed, exited early or answered something that is not an answer line."""


class BinaryNotFoundError(RerankerError, FileNotFoundError):
    """The `rerank-agent` executable could not be found or is not executable."""


class PromptsNotFoundError(RerankerError, FileNotFoundError):
    """No folder holding `Prompts/sequential.mustache` could be found for the binary."""
