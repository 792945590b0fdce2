import Foundation
import RerankCore
import RerankRuntime

@testable import RerankEval

/// Small inputs shared by the tests: lists built from hand-written RecBole files, the package's prompts.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func prompts() throws -> PromptLibrary {
        try PromptLibrary(directory: packageRoot.appendingPathComponent("Prompts").path)
    }

    /// Small labelled lists built from the hand-written RecBole files.
    static func lists(users: Int = 3, listSize: Int = 5) throws -> [LabelledList] {
        var inter = ["user_id:token\titem_id:token\ttimestamp:float"]
        for user in 1...users {
            for step in 0..<4 { inter.append("\(user)\t\(10 + (user * 3 + step) % 20)\t\(step)") }
        }
        var item = ["item_id:token\ttitle:token_seq\tclass:token_seq"]
        for id in 10..<40 { item.append("\(id)\tMovie number \(id)\t\(id % 2 == 0 ? "Drama" : "Comedy Romance")") }
        let log = try InteractionLog(file: AtomicFile(text: inter.joined(separator: "\n"), path: "f.inter"))
        let catalog = try ItemCatalog(file: AtomicFile(text: item.joined(separator: "\n"), path: "f.item"))
        return try LabelledListBuilder(settings: .init(historyLength: 3, listSize: listSize, seed: 1)).build(log: log, catalog: catalog)
            .lists
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rerank-eval-\(UUID().uuidString)-\(name)").path
    }
}
