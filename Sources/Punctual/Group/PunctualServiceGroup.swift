import Logging
import PunctualCore
import PunctualRuntime
import ServiceLifecycle
import Synchronization

/// Runs a group of Swift services the way a service manager expects: startup phases with budgets,
/// heartbeats from a thread of their own, ready only when the phases that matter are done and the
/// servers listen, liveness checks that feed the watchdog, and a stop within limits.
///
/// The manager is found on its own: systemd (`NOTIFY_SOCKET`), punctual's emulated SCM or systemd
/// (`punctual simulate`), or none (a terminal). Declare phases, readiness conditions and liveness
/// checks, then call ``run()`` and exit with what it returns:
///
/// ```swift
/// let group = PunctualServiceGroup(logger: logger)
/// group.phase("load model", budget: .seconds(90)) { progress in try await model.load(progress.report) }
/// let listening = group.readinessCondition("http server")
/// group.addService(Application(router: router, onServerRunning: { _ in listening.satisfy() }))
/// exit(await group.run())
/// ```
public final class PunctualServiceGroup: Sendable {
    /// The limits the group's start and stop keep, and where its health endpoints listen.
    public struct Configuration: Sendable {
        /// Hard cap on the start: past it the start has failed.
        public var startupBudget: Duration
        /// The start counts as hung after this long without progress (phase reports, phases
        /// starting and ending, conditions met); nil turns the rule off.
        public var progressTimeout: Duration?
        /// How long the services get to shut down gracefully before they are cancelled. Keep it below
        /// the manager's own limit (TimeoutStopSec, the SCM's 20 s at shutdown, terminationGracePeriodSeconds).
        public var gracefulShutdownLimit: Duration
        /// How long `/readyz` fails before the graceful shutdown begins, so that load balancers and
        /// Kubernetes stop sending requests to a server that still answers them. It counts within
        /// ``gracefulShutdownLimit``.
        public var shutdownDelay: Duration
        /// How long Swift's cooperative thread pool may run no task before the liveness check
        /// `task-pool` fails.
        public var taskPoolLimit: Duration
        /// Serves `/livez`, `/readyz`, `/startupz` (and `/metrics`) over HTTP; nil serves nothing.
        public var health: HealthEndpoints?
        /// Publishes the lifecycle to etcd for discovery; nil publishes nothing.
        public var registry: Registry?

        /// Limits with these values; the defaults suit systemd, the SCM and Kubernetes alike.
        public init(
            startupBudget: Duration = Defaults.startupBudget, progressTimeout: Duration? = nil,
            gracefulShutdownLimit: Duration = Defaults.gracefulShutdownLimit, shutdownDelay: Duration = .zero,
            taskPoolLimit: Duration = Defaults.taskPoolLimit, health: HealthEndpoints? = nil,
            registry: Registry? = nil
        ) {
            self.startupBudget = startupBudget
            self.progressTimeout = progressTimeout
            self.gracefulShutdownLimit = gracefulShutdownLimit
            self.shutdownDelay = shutdownDelay
            self.taskPoolLimit = taskPoolLimit
            self.health = health
            self.registry = registry
        }
    }

    private let configuration: Configuration
    private let logger: Logger
    private let declared = Mutex<Declarations>(Declarations())
    /// The engine's driver while ``run()`` runs.
    private let driver = Mutex<EngineDriver?>(nil)
    /// The registry's publisher while ``run()`` runs.
    private let registry = Mutex<RegistryPublisher?>(nil)

    private struct Declarations {
        var services: [any Service] = []
        var phases: [StartupPhase] = []
        var conditions: [ReadinessCondition] = []
        var dependencies: [ProbeSpec] = []
        /// A dependency that is not a probe, as the line that says so.
        var badDependency: String?
        var checks: [LivenessCheck] = []
        var started = false
    }

    /// A group that will run `services` (more can be added before ``run()``), in the order given; they
    /// shut down in reverse order.
    public init(services: [any Service] = [], configuration: Configuration = Configuration(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        declared.withLock { $0.services = services }
    }

    /// Adds a service to run, after those already given; call it before ``run()``.
    public func addService(_ service: any Service) {
        declare("a service") { $0.services.append(service) }
    }

    /// Declares a phase of the start: `work` runs once the group runs, within `budget`. Phases of the
    /// same readiness run one after another, in the order declared; ``PhaseReadiness/required`` ones
    /// from the start, ``PhaseReadiness/afterReady`` ones once the service is ready. A phase that
    /// throws, or outruns its budget, fails the service.
    public func phase(
        _ name: String, budget: Duration, readiness: PhaseReadiness = .required,
        _ work: @escaping @Sendable (PhaseProgress) async throws -> Void
    ) {
        declare("the phase '\(name)'") {
            $0.phases.append(StartupPhase(name: name, budget: budget, readiness: readiness, work: work))
        }
    }

    /// Declares a condition the application will say is met, such as a server that listens.
    public func readinessCondition(_ name: String) -> ReadinessCondition {
        let condition = ReadinessCondition(name: name)
        declare("the readiness condition '\(name)'") { $0.conditions.append(condition) }
        return condition
    }

    /// Declares a dependency that must answer before the service is ready, written as a probe of
    /// `punctual run --ready`: `postgres://127.0.0.1:5432`, `redis://cache:6379`, `tcp:…`, `http://…`.
    /// Punctual asks it on a thread of its own, quickly at first and then less often, until it passes;
    /// it shows in `STATUS=` and `/startupz` in those words. A text that is not a probe makes ``run()``
    /// return 64 with one line saying why.
    public func dependency(_ probe: String) {
        declare("the dependency '\(probe)'") { declarations in
            do throws(ProbeSpecParser.Failure) {
                let spec = try ProbeSpecParser.parse(probe)
                guard spec.canBeAskedAgain else {
                    throw ProbeSpecParser.Failure(
                        text: probe,
                        reason:
                            "a dependency is asked, not told: tcp:, http://, redis://, postgres://, grpc:// or exec:",
                        example: "--ready postgres://127.0.0.1:5432")
                }
                #if os(Windows)
                    if let reason = WindowsRunRules.unavailability(of: spec) {
                        throw ProbeSpecParser.Failure(
                            text: probe, reason: reason, example: "--ready postgres://127.0.0.1:5432")
                    }
                #endif
                declarations.dependencies.append(spec)
            } catch {
                declarations.badDependency =
                    declarations.badDependency
                    ?? "the dependency '\(error.text)' is not a probe: \(error.reason); e.g. group.dependency(\"\(error.example.dropFirst("--ready ".count))\")"
            }
        }
    }

    /// Declares a liveness check: once the service is ready, `check` runs every `interval` and passes
    /// when it returns within `timeout`. It shows in `/livez`; what a failure does is `failure`.
    public func livenessCheck(
        _ name: String, every interval: Duration = Defaults.livenessInterval,
        timeout: Duration = Defaults.livenessCheckTimeout,
        failure: LivenessFailure = .unhealthy, _ check: @escaping @Sendable () async throws -> Void
    ) {
        declare("the liveness check '\(name)'") {
            $0.checks.append(
                LivenessCheck(name: name, interval: interval, timeout: timeout, failure: failure, check: check))
        }
    }

    /// Records a declaration, unless ``run()`` has begun: then it says so and ignores it.
    private func declare(_ what: String, _ change: (inout Declarations) -> Void) {
        let late = declared.withLock { declarations in
            if !declarations.started { change(&declarations) }
            return declarations.started
        }
        if late { logger.error("\(what) was declared after run() began and is ignored: declare everything before") }
    }

    /// What `endpoint` answers now, for a request with this query string (`verbose`, `exclude=NAME`):
    /// mount it in your own router (Hummingbird, Vapor) to serve the endpoints on the app's port.
    public func health(_ endpoint: HealthEndpoint, query: some StringProtocol = "") -> HealthResponse {
        HealthResponse(endpoint, checks: checks(endpoint), query: query)
    }

    /// The checks behind `endpoint` now; before and after ``run()`` only `run`, failing.
    func checks(_ endpoint: HealthEndpoint) -> [HealthCheckResult] {
        guard let driver = driver.withLock({ $0 }) else { return [HealthCheckResult(name: "run", passed: false)] }
        return driver.read { $0.health(endpoint) }
    }

    /// Runs the services and the phases until the group ends or the manager stops it, and returns the
    /// exit code the manager should see (0 for a clean stop). If the cooperative thread pool is so
    /// blocked that this cannot return, punctual exits the process with that code itself.
    public func run() async -> Int32 {
        await run(connecting: SystemEdges.connect)
    }

    /// Runs the group on the edges `connect` makes: the system's, or a test kit's.
    package func run(connecting connect: (ControlInbox, Logger) throws -> SystemEdges) async -> Int32 {
        let claimed: Declarations? = declared.withLock { declarations in
            defer { declarations.started = true }
            return declarations.started ? nil : declarations
        }
        guard let declarations = claimed else {
            logger.error("run() was called a second time: a PunctualServiceGroup runs once; make a new one")
            return ExitCodes.usage
        }
        if let mistake = DeclarationMistakes.first(
            services: declarations.services.count, phases: declarations.phases, conditions: declarations.conditions,
            checks: declarations.checks, badDependency: declarations.badDependency, configuration: configuration)
        {
            logger.error("\(mistake)")
            return ExitCodes.usage
        }
        var server: HealthServer?
        if let endpoints = configuration.health {
            do {
                server = try await HealthServer.start(host: endpoints.host, port: endpoints.port) { method, uri in
                    self.answer(method, uri, endpoints: endpoints)
                }
                let metrics = endpoints.metrics == nil ? "" : ", /metrics"
                logger.info(
                    "health endpoints on http://\(endpoints.host):\(server?.port ?? 0)/livez, /readyz, /startupz\(metrics)"
                )
            } catch {
                logger.error(
                    "cannot serve health endpoints on \(endpoints.host):\(endpoints.port): \(error); choose a free port on an address of this machine, e.g. HealthEndpoints(port: 8081)"
                )
                return ExitCodes.internalError
            }
        }
        let code = await run(declarations, connecting: connect)
        await server?.close()
        return code
    }

    private func run(
        _ declarations: Declarations, connecting connect: (ControlInbox, Logger) throws -> SystemEdges
    ) async -> Int32 {
        let required = declarations.phases.filter { $0.readiness == .required }
        let afterReady = declarations.phases.filter { $0.readiness == .afterReady }
        let conditions = declarations.conditions
        let dependencies = DependencyProbes(declarations.dependencies)
        let completion = RunCompletion()
        let readyGate = ReadyGate()
        let metrics = ServiceMetrics()
        let setup: (EngineDriver, ServiceGroupWorkload, ServiceGroup)
        do {
            setup = try start(
                services: declarations.services,
                probes: required.map { .condition($0.name) } + conditions.map { .condition($0.name) }
                    + dependencies.specs,
                checks: declarations.checks.map(\.name), metrics: metrics, completion: completion,
                readyGate: readyGate, dependencies: dependencies, connect: connect)
        } catch {
            logger.error("punctual cannot set up: \(error)")
            return ExitCodes.internalError
        }
        let (driver, workload, group) = setup
        let post: @Sendable (EngineEvent) -> Void = { driver.post($0) }
        for condition in conditions { condition.attach(post: post) }
        let logger = logger
        let groupTask = Task {
            do {
                try await group.run()
                post(.workloadEnded(workload.wasCancelled ? .cancelled : .returned))
            } catch {
                logger.error("the service group ended with an error: \(error)")
                post(.workloadEnded(workload.wasCancelled ? .cancelled : .threw))
            }
        }
        let phasesTask = Task {
            for phase in required {
                guard await phase.run(post: post, metrics: metrics, logger: logger, clock: driver.clock) else { return }
            }
            await readyGate.wait()
            guard driver.read({ $0.phase == .ready }) else { return }
            await withTaskGroup(of: Void.self) { tasks in
                for check in declarations.checks {
                    tasks.addTask { await check.repeatedly(post: post, clock: driver.clock) }
                }
                for phase in afterReady {
                    guard await phase.run(post: post, metrics: metrics, logger: logger, clock: driver.clock) else {
                        break
                    }
                }
            }
        }
        workload.attach([groupTask, phasesTask])
        let code = await completion.value()
        phasesTask.cancel()
        dependencies.stop()
        readyGate.open()
        self.driver.withLock { $0 = nil }
        // The lease revoked, or given up after one try per endpoint: a few milliseconds on a reachable
        // etcd, a bounded wait on an unreachable one.
        if let registry = self.registry.withLock({ $0 }) {
            _ = await Task.detached { registry.waitUntilDone(timeout: .seconds(3)) }.value
        }
        return code
    }

    /// Sets up the engine, the manager's connection, the heartbeat and control threads.
    private func start(
        services: [any Service], probes: [ProbeSpec], checks: [String], metrics: ServiceMetrics,
        completion: RunCompletion,
        readyGate: ReadyGate, dependencies: DependencyProbes,
        connect: (ControlInbox, Logger) throws -> SystemEdges
    ) throws -> (EngineDriver, ServiceGroupWorkload, ServiceGroup) {
        let inbox = ControlInbox()
        let edges = try connect(inbox, logger)
        let manager = ReportingConnection(manager: edges.manager, metrics: metrics) { readyGate.open() }
        let engine = LifecycleEngine(
            configuration: EngineConfiguration(
                startupBudget: configuration.startupBudget, progressTimeout: configuration.progressTimeout,
                stopTimeout: configuration.gracefulShutdownLimit, stopSignal: .terminate, probes: probes,
                watchdogInterval: edges.watchdogInterval, killWait: Defaults.serviceGroupKillWait,
                livenessChecks: [TaskPoolPulse.checkName] + checks, workload: .serviceGroup))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }, logger: logger))
        let workload = ServiceGroupWorkload(
            group: group, delay: configuration.shutdownDelay, logger: logger, clock: edges.clock)
        let registry = try configuration.registry.flatMap { registry in
            try edges.makeRegistry.map { try $0(registry, logger) }
        }
        if configuration.registry != nil, registry == nil {
            logger.warning("the registry is not available on this system yet: nothing is published")
        }
        let driver = EngineDriver(
            engine: engine, manager: manager, workload: workload, stopProbing: { dependencies.stop() },
            deferAction: edges.deferAction,
            deadlineChanged: try edges.makeWakeup(), listeners: registry.map { [$0.publisher] } ?? [],
            clock: edges.clock)
        try registry?.start(driver)
        self.registry.withLock { $0 = registry?.publisher }
        inbox.attach(driver)
        self.driver.withLock { $0 = driver }
        driver.post(.workloadStarted(pid: nil))
        try dependencies.start { driver.post($0) }
        try edges.startHeartbeat(driver)
        try edges.startControl(
            ControlThread(
                driver: driver, logger: logger, completion: completion, readyGate: readyGate,
                pulse: TaskPoolPulse(limit: configuration.taskPoolLimit) { driver.post($0) }))
        return (driver, workload, group)
    }
}
