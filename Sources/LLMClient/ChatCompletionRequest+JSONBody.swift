import Foundation
import JSONLines

extension ChatCompletionRequest {
    /// The body to send: the bytes `JSONEncoder` with sorted keys and unescaped slashes would produce,
    /// written without its generic boxing: bodies are sent on every call, and caches are keyed by their exact bytes.
    public func jsonBody() throws -> Data {
        do {
            return try writtenBody()
        } catch {
            // Only a non-finite number gets here; JSONEncoder reports it in its own words.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(self)
        }
    }

    private enum Member {
        case json(JSONValue)
        case messages([ChatMessage])
        case double(Double)
        case integer(Int)
    }

    private func writtenBody() throws(JSONWriter.NonFiniteNumber) -> Data {
        var members: [String: Member] = extraBody.mapValues(Member.json)
        // Typed fields win over pass-through fields of the same name, as in `encode(to:)`.
        members["model"] = .json(.string(model))
        members["messages"] = .messages(messages)
        if let temperature { members["temperature"] = .double(temperature) }
        if let topP { members["top_p"] = .double(topP) }
        if let maxTokens { members["max_tokens"] = .integer(maxTokens) }
        if let seed { members["seed"] = .integer(seed) }
        if let stop { members["stop"] = .json(.array(stop.map(JSONValue.string))) }
        if let responseFormat { members["response_format"] = .json(responseFormat.json) }
        if let logprobs { members["logprobs"] = .json(.bool(logprobs)) }
        if let topLogprobs { members["top_logprobs"] = .integer(topLogprobs) }

        var writer = JSONWriter(style: .sortedKeys, capacity: messages.reduce(256) { $0 + $1.content.utf8.count + 32 })
        try writer.writeObject(members.map { ($0.key, $0.value) }) {
            (writer: inout JSONWriter, member: Member) throws(JSONWriter.NonFiniteNumber) in
            switch member {
            case .json(let value): try writer.write(value)
            case .double(let number): try writer.write(number)
            case .integer(let integer): writer.write(integer)
            case .messages(let messages):
                writer.writeArray(messages) { (writer: inout JSONWriter, message: ChatMessage) in writer.write(message) }
            }
        }
        return Data(writer.bytes)
    }
}

extension JSONWriter {
    /// `{"content":…,"role":…}`: the keys already in sorted order.
    mutating func write(_ message: ChatMessage) {
        writeVerbatim("{\"content\":")
        write(message.content)
        writeVerbatim(",\"role\":")
        write(message.role.rawValue)
        writeVerbatim("}")
    }
}
