import Foundation
import LLMClient

/// An HTTP transport that keeps every request it is given and answers each with the same chat completion.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    /// One request as sent: method, URL and the body bytes.
    struct Call: Sendable {
        var method: String
        var url: String
        var body: Data
    }

    private let lock = NSLock()
    private var recorded: [Call] = []
    private let answer: Data

    init(answer: Data) {
        self.answer = answer
    }

    /// The requests in the order they reached the transport.
    var calls: [Call] { lock.withLock { recorded } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { recorded.append(Call(method: request.method.rawValue, url: request.url, body: request.body)) }
        return HTTPResponse(status: 200, headers: ["content-type": "application/json"], body: answer)
    }

    /// A chat completion whose text is `content` and whose first token carries `alternatives` as its log-probabilities.
    static func completion(content: String, alternatives: [(String, Double)]) -> Data {
        var choice: [String: Any] = ["index": 0, "message": ["role": "assistant", "content": content], "finish_reason": "stop"]
        if let first = alternatives.first {
            choice["logprobs"] = [
                "content": [
                    [
                        "token": first.0, "logprob": first.1,
                        "top_logprobs": alternatives.map { ["token": $0.0, "logprob": $0.1] },
                    ]
                ]
            ]
        }
        let object: [String: Any] = [
            "id": "golden", "model": "golden-model", "choices": [choice],
            "usage": ["prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110],
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}
