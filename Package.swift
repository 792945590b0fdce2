// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "rerank-agent",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rerank-agent", targets: ["rerank-agent"]),
        .library(name: "RerankCore", targets: ["RerankCore"]),
        .library(name: "LLMClient", targets: ["LLMClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "LLMClient",
            dependencies: [
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "RerankCore",
            dependencies: [
                "LLMClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "RerankEval",
            dependencies: [
                "RerankCore",
                "LLMClient",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "rerank-agent",
            dependencies: [
                "RerankCore",
                "RerankEval",
                "LLMClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "rerank-fuzz",
            dependencies: ["RerankCore", "LLMClient"]
        ),
        .testTarget(name: "LLMClientTests", dependencies: ["LLMClient"]),
        .testTarget(name: "RerankCoreTests", dependencies: ["RerankCore", "LLMClient"], exclude: ["Golden"]),
        .testTarget(name: "RerankEvalTests", dependencies: ["RerankEval", "RerankCore", "LLMClient"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["RerankCore", "RerankEval", "LLMClient"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
