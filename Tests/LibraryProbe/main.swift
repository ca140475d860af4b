// A Swift service built on the Punctual library, for the tests: its phases, stop and readiness are
// set on the command line.
//
//   library-probe [--phase NAME:SECONDS:BUDGET]... [--block-pool SECONDS] [--block-budget SECONDS]
//                 [--after-ready NAME:SECONDS:BUDGET]... [--fail-phase NAME] [--condition-after SECONDS]
//                 [--stop-seconds SECONDS] [--startup-budget SECONDS] [--graceful-limit SECONDS]
//                 [--health-port PORT] [--metrics yes] [--check NAME:pass|fail-after:S|fatal-after:S|hang]...
//                 [--task-pool-limit SECONDS] [--block-after-ready SECONDS] [--shutdown-delay SECONDS]
//                 [--registry URL] [--registry-instance NAME]
//   library-probe --baseline yes      the same service in a plain ServiceGroup, for the benchmark
import Glibc
import Logging
import Metrics
import Prometheus
import Punctual
import ServiceLifecycle

struct Options {
    var phases: [(String, Double, Double)] = []
    var afterReady: [(String, Double, Double)] = []
    var blockPool: Double?
    var blockBudget: Double = 60
    var failPhase: String?
    var conditionAfter: Double?
    var stopSeconds: Double = 0
    var startupBudget: Double = 600
    var gracefulLimit: Double = 20
    var healthPort: Int?
    var metrics = false
    var taskPoolLimit: Double = 5
    var blockAfterReady: Double?
    var checks: [(name: String, mode: String)] = []
    var baseline = false
    var shutdownDelay: Double = 0
    var dependencies: [String] = []
    var registry: String?
    var registryInstance: String?

    init(_ arguments: [String]) {
        var rest = arguments[...]
        func triple(_ text: String) -> (String, Double, Double) {
            let parts = text.split(separator: ":")
            return (String(parts[0]), Double(parts[1]) ?? 0, Double(parts[2]) ?? 60)
        }
        while let flag = rest.popFirst(), let value = rest.popFirst() {
            switch flag {
            case "--phase": phases.append(triple(value))
            case "--after-ready": afterReady.append(triple(value))
            case "--block-pool": blockPool = Double(value)
            case "--block-budget": blockBudget = Double(value) ?? 60
            case "--fail-phase": failPhase = value
            case "--condition-after": conditionAfter = Double(value)
            case "--stop-seconds": stopSeconds = Double(value) ?? 0
            case "--startup-budget": startupBudget = Double(value) ?? 600
            case "--graceful-limit": gracefulLimit = Double(value) ?? 20
            case "--health-port": healthPort = Int(value)
            case "--metrics": metrics = value == "yes"
            case "--task-pool-limit": taskPoolLimit = Double(value) ?? 5
            case "--block-after-ready": blockAfterReady = Double(value)
            case "--baseline": baseline = value == "yes"
            case "--shutdown-delay": shutdownDelay = Double(value) ?? 0
            case "--dependency": dependencies.append(value)
            case "--registry": registry = value
            case "--registry-instance": registryInstance = value
            case "--check":
                let parts = value.split(separator: ":", maxSplits: 1)
                checks.append((String(parts[0]), parts.count > 1 ? String(parts[1]) : "pass"))
            default:
                say("library-probe: unknown option \(flag)")
                exit(64)
            }
        }
    }
}

/// Writes a line to standard output at once, so that a test reading the pipe sees it when it happens.
func say(_ text: String) {
    let line = Array((text + "\n").utf8)
    _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

/// Runs until asked to shut down, then takes `stopSeconds` to finish.
struct SlowStoppingService: Service {
    let stopSeconds: Double

    func run() async throws {
        await gracefulShutdownSignal()
        say("service: shutting down, \(stopSeconds)s")
        try? await Task.sleep(for: .seconds(stopSeconds))
        say("service: stopped")
    }

    private func gracefulShutdownSignal() async {
        let stream = AsyncStream<Void> { continuation in
            Task {
                try? await gracefulShutdown()
                continuation.finish()
            }
        }
        for await _ in stream {}
    }
}

/// Blocks `threads` threads of the cooperative pool in sleep(3) for `seconds`.
func blockCooperativePool(threads: Int, seconds: Double) async {
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<threads {
            group.addTask { usleep(UInt32(seconds * 1_000_000)) }
        }
    }
}

LoggingSystem.bootstrap(StreamLogHandler.standardError)
let options = Options(Array(CommandLine.arguments.dropFirst()))
let logger = Logger(label: "library-probe")
if options.baseline { exit(await runBaseline(logger: logger)) }
let registry = PrometheusCollectorRegistry()
if options.metrics { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }
let group = PunctualServiceGroup(
    services: [SlowStoppingService(stopSeconds: options.stopSeconds)],
    configuration: .init(
        startupBudget: .milliseconds(Int64(options.startupBudget * 1000)),
        gracefulShutdownLimit: .milliseconds(Int64(options.gracefulLimit * 1000)),
        shutdownDelay: .milliseconds(Int64(options.shutdownDelay * 1000)),
        taskPoolLimit: .milliseconds(Int64(options.taskPoolLimit * 1000)),
        health: options.healthPort.map { HealthEndpoints(port: $0, metrics: options.metrics ? registry : nil) },
        registry: options.registry.map { PunctualServiceGroup.Registry($0, instance: options.registryInstance) }),
    logger: logger)
let began = ContinuousClock.now
for dependency in options.dependencies { group.dependency(dependency) }
for (name, mode) in options.checks {
    let parts = mode.split(separator: ":")
    let after = Duration.milliseconds(Int64((parts.count > 1 ? Double(parts[1]) ?? 0 : 0) * 1000))
    let fatal = parts[0] == "fatal-after"
    group.livenessCheck(
        name, every: .milliseconds(200), timeout: .milliseconds(500), failure: fatal ? .fatal : .unhealthy
    ) {
        if parts[0] == "hang" {
            try? await Task.sleep(for: .seconds(2))
        } else if parts[0] != "pass", ContinuousClock.now - began >= after {
            throw ProbeFailure()
        }
    }
}
if let seconds = options.blockPool {
    let threads = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    group.phase("block the pool", budget: .milliseconds(Int64(options.blockBudget * 1000))) { _ in
        say("probe: blocking \(threads) cooperative threads for \(seconds)s")
        let blocked = ContinuousClock.now
        async let blocking: Void = blockCooperativePool(threads: threads, seconds: seconds)
        usleep(200_000)
        Task { say("probe: a task could run again after \((ContinuousClock.now - blocked).components.seconds)s") }
        await blocking
    }
}
for (name, seconds, budget) in options.phases {
    let fails = options.failPhase == name
    group.phase(name, budget: .milliseconds(Int64(budget * 1000))) { progress in
        let steps = max(1, Int(seconds))
        for step in 1...steps {
            try await Task.sleep(for: .milliseconds(Int64(seconds * 1000) / Int64(steps)))
            progress.report("\(step)/\(steps)")
        }
        if fails { throw ProbeFailure() }
    }
}
for (name, seconds, budget) in options.afterReady {
    group.phase(name, budget: .milliseconds(Int64(budget * 1000)), readiness: .afterReady) { _ in
        try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
        say("probe: \(name) done")
    }
}
if let seconds = options.blockAfterReady {
    let threads = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    group.phase("block the pool", budget: .seconds(600), readiness: .afterReady) { _ in
        say("probe: blocking \(threads) cooperative threads for \(seconds)s")
        await blockCooperativePool(threads: threads, seconds: seconds)
    }
}
if let after = options.conditionAfter {
    let condition = group.readinessCondition("listening")
    Task {
        try await Task.sleep(for: .milliseconds(Int64(after * 1000)))
        condition.satisfy()
    }
}
let code = await group.run()
say("probe: run() returned \(code)")
exit(code)

struct ProbeFailure: Error, CustomStringConvertible {
    var description: String { "the probe was told to fail" }
}
