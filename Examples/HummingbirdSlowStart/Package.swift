// swift-tools-version:6.0
import PackageDescription

// A Hummingbird service with a slow start, run under Punctual. Its own package, so that the main
// package does not build Hummingbird.

// SwiftPM names a path dependency after its folder: the clone of punctual may have any name.
let punctual = Context.packageDirectory.split(separator: "/").dropLast(2).last.map { $0.lowercased() } ?? "punctual"

let package = Package(
    name: "HummingbirdSlowStart",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "slow-start-example", targets: ["SlowStartExample"])],
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
    ],
    targets: [
        .executableTarget(
            name: "SlowStartExample",
            dependencies: [
                .product(name: "Punctual", package: punctual),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        )
    ]
)
