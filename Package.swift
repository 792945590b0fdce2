// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "rerank-agent",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rerank-agent", targets: ["rerank-agent"]),
        .library(name: "RerankCore", targets: ["RerankCore"]),
        .library(name: "LLMClient", targets: ["LLMClient"]),
        .library(name: "JSONLines", targets: ["JSONLines"]),
        .library(name: "RerankRuntime", targets: ["RerankRuntime"]),
        .library(name: "ResponseCaching", targets: ["ResponseCaching"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "JSONLines"),
        .target(
            name: "LLMClient",
            dependencies: [
                "CCurl",
                "JSONLines",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "RerankCore",
            dependencies: [
                "JSONLines",
                "LLMClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "RerankRuntime",
            dependencies: [
                "JSONLines",
                "LLMClient",
                "RerankCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The HTTP face of `serve`: a target of its own, so the stdin path and the libraries do not depend on
        // Hummingbird, NIO or the metrics packages.
        .target(
            name: "RerankHTTP",
            dependencies: [
                "JSONLines",
                "LLMClient",
                "RerankCore",
                "RerankRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Stored answers of the endpoint, shared by serve, rerank and eval: a target of its own, so the serving
        // path does not depend on the evaluation harness.
        .target(
            name: "ResponseCaching",
            dependencies: [
                "LLMClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "RerankEval",
            dependencies: [
                "RerankCore",
                "RerankRuntime",
                "ResponseCaching",
                "LLMClient",
                "JSONLines",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "rerank-agent",
            dependencies: [
                "RerankCore",
                "RerankRuntime",
                "RerankHTTP",
                "RerankEval",
                "ResponseCaching",
                "LLMClient",
                "JSONLines",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "rerank-fuzz",
            dependencies: ["RerankCore", "LLMClient", "JSONLines"]
        ),
        .testTarget(name: "JSONLinesTests", dependencies: ["JSONLines"]),
        .testTarget(name: "LLMClientTests", dependencies: ["LLMClient", "JSONLines"]),
        // RerankRuntime only reads the shipped prompt templates and config files from disk for the tests.
        .testTarget(
            name: "RerankCoreTests", dependencies: ["RerankCore", "RerankRuntime", "LLMClient", "JSONLines"], exclude: ["Golden"]
        ),
        .testTarget(name: "RerankRuntimeTests", dependencies: ["RerankRuntime", "RerankCore", "LLMClient", "JSONLines"]),
        .testTarget(
            name: "RerankEvalTests",
            dependencies: ["RerankEval", "ResponseCaching", "RerankRuntime", "RerankCore", "LLMClient", "JSONLines"]),
        .testTarget(
            name: "RerankHTTPTests",
            dependencies: ["RerankHTTP", "RerankRuntime", "RerankCore", "LLMClient", "JSONLines"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["RerankCore", "RerankRuntime", "RerankEval", "ResponseCaching", "LLMClient", "JSONLines"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
