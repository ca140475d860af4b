// swift-tools-version:6.0
import PackageDescription

// A user's package: it depends on punctual by path and uses only its public products, Punctual and
// PunctualTestKit. CI builds and tests it, so that a test kit needing anything internal fails there.

// SwiftPM names a path dependency after its folder: the clone of punctual may have any name.
let punctual = Context.packageDirectory.split(separator: "/").dropLast(3).last.map { $0.lowercased() } ?? "punctual"

let package = Package(
    name: "TestKitUser",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../../.."),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        .testTarget(
            name: "TestKitUserTests",
            dependencies: [
                .product(name: "Punctual", package: punctual),
                .product(name: "PunctualTestKit", package: punctual),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        )
    ]
)
