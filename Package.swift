// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "punctual",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "punctual", targets: ["punctual"]),
        .library(name: "Punctual", targets: ["Punctual"]),
        .library(name: "PunctualTestKit", targets: ["PunctualTestKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        // `swift package generate-documentation --target Punctual`: a plugin, built only when it is run.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // The lifecycle engine and everything else that decides: pure, no I/O, clock injected.
        .target(name: "PunctualCore"),
        // Models of the Windows SCM, systemd and the kubelet: pure, used by tests and `punctual simulate`.
        .target(name: "PunctualEmulator", dependencies: ["PunctualCore"]),
        // Process creation and the keeper that guards the child's tree (fork/exec must be C).
        .target(name: "CPunctualLinux"),
        // Thin Swift wrappers over the system calls the edges need.
        .target(name: "PunctualSystem", dependencies: ["PunctualCore", "CPunctualLinux"]),
        // The sd_notify protocol: sending to systemd, receiving from a child.
        .target(name: "PunctualSystemd", dependencies: ["PunctualCore", "PunctualSystem"]),
        // C over the Win32 service API, Job objects and the Event Log; empty on other systems.
        .target(
            name: "CPunctualWindows",
            linkerSettings: [
                .linkedLibrary("advapi32", .when(platforms: [.windows])),
                .linkedLibrary("ws2_32", .when(platforms: [.windows])),
                .linkedLibrary("secur32", .when(platforms: [.windows])),
                .linkedLibrary("crypt32", .when(platforms: [.windows])),
            ]
        ),
        // C: a log file rotated by size that writes whole lines only (the child's output on Windows).
        .target(name: "CPunctualLogFile"),
        // The service side of the Windows SCM: the emulated SCM's socket, and the Win32 glue on Windows.
        .target(
            name: "PunctualSCM",
            dependencies: [
                "PunctualCore", "PunctualSystem",
                .target(name: "CPunctualWindows", condition: .when(platforms: [.windows])),
            ]
        ),
        // Readiness probes that poll: tcp, http, exec, file (on Windows through the Win32 glue).
        .target(
            name: "PunctualProbes",
            dependencies: [
                "PunctualCore", "PunctualSystem",
                .target(name: "CPunctualWindows", condition: .when(platforms: [.windows])),
            ]
        ),
        // The child: spawn under a keeper, signals, output relay, tree sampling.
        .target(name: "PunctualSupervisor", dependencies: ["PunctualCore", "PunctualSystem", "CPunctualLogFile"]),
        // Wires the engine to the edges: threads, heartbeat driver, console, logging.
        .target(
            name: "PunctualRuntime",
            dependencies: [
                "PunctualCore", "CPunctualLinux", "PunctualSystem", "PunctualSystemd", "PunctualSCM", "PunctualProbes",
                "PunctualSupervisor", .product(name: "Logging", package: "swift-log"),
                .target(name: "CPunctualWindows", condition: .when(platforms: [.windows])),
            ]
        ),
        // Runs a real command under an emulated manager, in real time: `punctual simulate`.
        .target(
            name: "PunctualSimulator",
            dependencies: [
                "PunctualCore", "PunctualEmulator", "PunctualSystem", "PunctualSystemd", "PunctualProbes",
                "PunctualSupervisor",
            ]
        ),
        // The library for Swift services: a ServiceGroup under punctual's engine, health endpoints, metrics.
        .target(
            name: "Punctual",
            dependencies: [
                "PunctualCore", "PunctualRuntime", "PunctualSystem", "PunctualSystemd", "PunctualProbes",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // For the tests of a service on the library: a fake manager on a virtual clock.
        .target(
            name: "PunctualTestKit",
            dependencies: [
                "Punctual", "PunctualCore", "PunctualRuntime", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The command line: run, demo.
        .target(
            name: "PunctualCLI",
            dependencies: [
                "PunctualCore", "PunctualRuntime", "PunctualSystem", "PunctualEmulator", "PunctualSimulator",
                "PunctualSupervisor", "PunctualSCM", "PunctualProbes",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "punctual", dependencies: ["PunctualCLI"]),

        // A Swift service built on the library, for the tests to run.
        .executableTarget(
            name: "library-probe",
            dependencies: [
                "Punctual", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/LibraryProbe"
        ),
        // Helpers the test targets share: waiting for a condition, looking at processes, a real redis-server.
        .target(
            name: "PunctualTestSupport", dependencies: ["PunctualCore", "PunctualSystem"],
            path: "Tests/PunctualTestSupport"),
        .testTarget(name: "PunctualCoreTests", dependencies: ["PunctualCore"]),
        // The fixture package's tests, run here too: a user's service tested with the test kit.
        .testTarget(
            name: "TestKitUserTests",
            dependencies: [
                "Punctual", "PunctualTestKit", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Fixtures/TestKitUser/Tests/TestKitUserTests"
        ),
        .testTarget(
            name: "PunctualEmulatorTests", dependencies: ["PunctualCore", "PunctualEmulator", "PunctualTestSupport"]),
        .testTarget(
            name: "PunctualEdgeTests",
            dependencies: [
                "PunctualCore", "PunctualSystem", "PunctualSystemd", "PunctualProbes", "PunctualSupervisor",
                "PunctualTestSupport", "CPunctualLogFile",
            ]
        ),
        .testTarget(
            name: "PunctualCLITests",
            dependencies: [
                "punctual", "PunctualCore", "PunctualSystem", "PunctualSystemd", "CPunctualLinux",
                "PunctualTestSupport",
            ]
        ),
    ]
)
