import Glibc
import Logging
import PunctualCore
import PunctualRuntime
import PunctualSystem
import PunctualSystemd
import ServiceLifecycle
import Synchronization

/// Runs a group of Swift services the way a service manager expects: startup phases with budgets,
/// heartbeats from a thread of their own, ready only when the phases that matter are done and the
/// servers listen, and a stop within limits.
///
/// The manager is found on its own: systemd (`NOTIFY_SOCKET`), punctual's emulated SCM or systemd
/// (`punctual simulate`), or none (a terminal). Declare phases and readiness conditions, then call
/// ``run()`` and exit with what it returns:
///
/// ```swift
/// let group = PunctualServiceGroup(services: [app], logger: logger)
/// group.phase("load model", budget: .seconds(90)) { progress in try await model.load(progress.report) }
/// let listening = group.readinessCondition("http server")
/// // Hummingbird: onServerRunning: { _ in listening.satisfy() }
/// exit(await group.run())
/// ```
public final class PunctualServiceGroup: Sendable {
    /// The limits the group's start and stop keep.
    public struct Configuration: Sendable {
        /// Hard cap on the start: past it the start has failed.
        public var startupBudget: Duration
        /// The start counts as hung after this long without progress (phase reports, phases
        /// starting and ending, conditions met); nil turns the rule off.
        public var progressTimeout: Duration?
        /// How long the services get to shut down gracefully before they are cancelled. Keep it below
        /// the manager's own limit (TimeoutStopSec, the SCM's 20 s at shutdown, terminationGracePeriodSeconds).
        public var gracefulShutdownLimit: Duration

        public init(
            startupBudget: Duration = .seconds(600), progressTimeout: Duration? = nil,
            gracefulShutdownLimit: Duration = .seconds(20)
        ) {
            self.startupBudget = startupBudget
            self.progressTimeout = progressTimeout
            self.gracefulShutdownLimit = gracefulShutdownLimit
        }
    }

    private let services: [any Service]
    private let configuration: Configuration
    private let logger: Logger
    private let declared = Mutex<(phases: [StartupPhase], conditions: [ReadinessCondition])>(([], []))

    public init(services: [any Service], configuration: Configuration = Configuration(), logger: Logger) {
        self.services = services
        self.configuration = configuration
        self.logger = logger
    }

    /// Declares a phase of the start: `work` runs once the group runs, within `budget`. Phases of the
    /// same readiness run one after another, in the order declared; ``PhaseReadiness/required`` ones
    /// from the start, ``PhaseReadiness/afterReady`` ones once the service is ready. A phase that
    /// throws, or outruns its budget, fails the service.
    public func phase(
        _ name: String, budget: Duration, readiness: PhaseReadiness = .required,
        _ work: @escaping @Sendable (PhaseProgress) async throws -> Void
    ) {
        declared.withLock {
            $0.phases.append(StartupPhase(name: name, budget: budget, readiness: readiness, work: work))
        }
    }

    /// Declares a condition the application will say is met, such as a server that listens.
    public func readinessCondition(_ name: String) -> ReadinessCondition {
        let condition = ReadinessCondition(name: name)
        declared.withLock { $0.conditions.append(condition) }
        return condition
    }

    /// Runs the services and the phases until the group ends or the manager stops it, and returns the
    /// exit code the manager should see (0 for a clean stop). If the cooperative thread pool is so
    /// blocked that this cannot return, punctual exits the process with that code itself.
    public func run() async -> Int32 {
        let (phases, conditions) = declared.withLock { ($0.phases, $0.conditions) }
        let required = phases.filter { $0.readiness == .required }
        let afterReady = phases.filter { $0.readiness == .afterReady }
        let systemd = SystemdEnvironment.current()
        let completion = RunCompletion()
        let readyGate = ReadyGate()
        let setup: (EngineDriver, ServiceGroupWorkload, ServiceGroup)
        do {
            setup = try start(
                probes: required.map { .condition($0.name) } + conditions.map { .condition($0.name) },
                systemd: systemd, completion: completion, readyGate: readyGate)
        } catch {
            logger.error("punctual cannot set up: \(error)")
            return ExitCodes.internalError
        }
        let (driver, workload, group) = setup
        let post: @Sendable (EngineEvent) -> Void = { driver.post($0) }
        for (offset, condition) in conditions.enumerated() {
            condition.attach(index: required.count + offset, post: post)
        }
        let logger = logger
        let groupTask = Task {
            do {
                try await group.run()
                post(.childExited(workload.wasCancelled ? .signaled(.kill) : .exited(0)))
            } catch {
                logger.error("the service group ended with an error: \(error)")
                post(.childExited(workload.wasCancelled ? .signaled(.kill) : .exited(1)))
            }
        }
        let phasesTask = Task {
            for (index, phase) in required.enumerated() {
                guard await Self.run(phase, index: index, post: post, logger: logger) else { return }
            }
            await readyGate.wait()
            guard driver.read({ $0.phase == .ready }) else { return }
            for phase in afterReady {
                guard await Self.run(phase, index: nil, post: post, logger: logger) else { return }
            }
        }
        workload.attach([groupTask, phasesTask])
        let code = await completion.value()
        phasesTask.cancel()
        readyGate.open()
        return code
    }

    /// Sets up the engine, the manager's connection, the heartbeat and control threads.
    private func start(
        probes: [ProbeSpec], systemd: SystemdEnvironment, completion: RunCompletion, readyGate: ReadyGate
    ) throws -> (EngineDriver, ServiceGroupWorkload, ServiceGroup) {
        let signals = try SignalChannel([.terminate, .interrupt])
        let deferred = try DeferredActions()
        let inbox = ControlInbox()
        let detected = ManagerConnections.detect(systemd: systemd, inbox: inbox, logger: logger) {
            deferred.append(.log(.warning, $0))
        }
        let manager = ReadinessReportingConnection(manager: detected) { readyGate.open() }
        let engine = LifecycleEngine(
            configuration: EngineConfiguration(
                startupBudget: configuration.startupBudget, progressTimeout: configuration.progressTimeout,
                stopTimeout: configuration.gracefulShutdownLimit, stopSignal: .terminate, probes: probes,
                watchdogInterval: systemd.watchdogInterval, killWait: .seconds(2), workload: .serviceGroup))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }, logger: logger))
        let workload = ServiceGroupWorkload(group: group)
        let driver = try EngineDriver(
            engine: engine, manager: manager, workload: workload, stopProbing: {}, deferred: deferred)
        inbox.attach(driver)
        driver.post(.spawned(pid: getpid()))
        try HeartbeatThread.start(driver: driver)
        try ControlThread.start(
            signals: signals, deferred: deferred, driver: driver, logger: logger, completion: completion,
            readyGate: readyGate)
        return (driver, workload, group)
    }

    /// Runs one phase under its budget; false when it failed.
    private static func run(
        _ phase: StartupPhase, index: Int?, post: @escaping @Sendable (EngineEvent) -> Void, logger: Logger
    ) async -> Bool {
        post(.phaseStarted(name: phase.name, budget: phase.budget))
        let started = ContinuousClock.now
        let progress = PhaseProgress { text in
            if let index {
                post(.probeObserved(index: index, passed: false, detail: text))
            } else {
                post(.progress(.probe))
            }
        }
        do {
            try await phase.work(progress)
        } catch {
            post(.phaseFailed(name: phase.name, reason: "\(error)"))
            return false
        }
        let took = (ContinuousClock.now - started).humanReadable
        post(.phaseFinished(name: phase.name))
        if let index { post(.probeObserved(index: index, passed: true, detail: "done in \(took)")) }
        logger.info("phase '\(phase.name)' done in \(took)")
        return true
    }
}
