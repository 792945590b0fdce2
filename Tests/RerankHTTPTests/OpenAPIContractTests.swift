import Foundation
import Testing

@testable import RerankCore
@testable import RerankHTTP

/// docs/openapi.yaml is written by hand; these checks keep it in step with the tables the server reads.
@Suite("docs/openapi.yaml")
struct OpenAPIContractTests {
    static let contract: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)) ?? ""
    }()

    @Test("it names every route with its method")
    func routes() {
        for route in HTTPRoute.allCases {
            let block = Self.contract.components(separatedBy: "\n  \(route.rawValue):\n").dropFirst().first ?? ""
            #expect(block.hasPrefix("    \(route.method.rawValue.lowercased()):"), "\(route.rawValue)")
        }
    }

    @Test("it names every option a request may carry")
    func options() {
        for option in RankingOption.all where option.requestable {
            #expect(Self.contract.contains("\n            \(option.name):"), "\(option.name)")
        }
        for option in RequestDecoder.requestOnlyOptions {
            #expect(Self.contract.contains("\n            \(option):"), "\(option)")
        }
    }

    @Test("it names every error code")
    func errorCodes() {
        for code in RequestError.Code.allCases.map(\.rawValue) + HTTPRefusal.allCases.map(\.rawValue) {
            #expect(Self.contract.contains("\n                - \(code)\n"), "\(code)")
        }
    }
}
