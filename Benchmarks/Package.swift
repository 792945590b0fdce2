// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in a package of their own so the service's builds and CI never compile the harness.
// Run from this folder: swift package benchmark
let package = Package(
    name: "rerank-agent-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "rerank-agent", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "RerankOverhead",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "RerankCore", package: "rerank-agent"),
                .product(name: "LLMClient", package: "rerank-agent"),
                .product(name: "RerankRuntime", package: "rerank-agent"),
            ],
            path: "Benchmarks/RerankOverhead",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
