import Foundation
import RerankCore

extension CreativePrompt {
    /// Loads `creatives/creative.mustache` under the prompts folder.
    public init(promptsDirectory: String) throws(PromptTemplateError) {
        let path = ((promptsDirectory as NSString).appendingPathComponent("creatives") as NSString).appendingPathComponent(
            "creative.mustache")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PromptTemplateError(template: Self.name, message: "cannot read \(path); it ships in Prompts/creatives/")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), path: path)
    }
}
