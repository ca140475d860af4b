#if !os(Windows)
    import Glibc
    import PunctualCore
    import PunctualProbes
    import PunctualSupervisor
    import PunctualSystem
    import PunctualSystemd
    import Synchronization

    /// What a run on Linux is wired to before its child exists: the composition root of `punctual run`.
    struct RunEdges {
        /// punctual's own signals: the stop signals, and those passed on to the child.
        let signals: SignalChannel
        /// The engine's slow actions (log lines, the finish), for the control loop.
        let deferred: DeferredActions<WakeSignal>
        /// The engine's limits for this run.
        let engine: EngineConfiguration
        /// Where controls from the manager arrive (the emulated SCM's stop).
        let inbox: ControlInbox
        /// Where the engine's reports go.
        let manager: any ManagerConnection
        /// The child's own notify socket, when a probe awaits its READY=1.
        let notifyProxy: NotifyReceiver?
        /// The child's environment: punctual's, less the manager's variables, plus the child's own.
        let childEnvironment: [String]
        /// The registry the lifecycle is published to (`--registry`), and the hook (`--on-state`).
        let registry: RegistryPublisher?
        let hook: StateHook?

        /// What the engine's driver tells of each change of the lifecycle.
        var listeners: [any LifecycleListener] { [registry as (any LifecycleListener)?, hook].compactMap { $0 } }
    }

    /// The polling threads of a run: the start's probes, and the liveness checks after ready.
    final class RunThreads: Sendable {
        let probes = Mutex<PollingThread?>(nil)
        let liveness = Mutex<PollingThread?>(nil)

        func stopAll() {
            probes.withLock { $0?.stop() }
            liveness.withLock { $0?.stop() }
        }
    }

    /// A run that ended before its control loop: it could not be set up, or its child not started.
    struct RunEnded: Error {
        let outcome: RunOutcome
    }

    extension RunSession {
        /// Signals, the manager, the child's notify socket and environment.
        func prepare() throws(RunEnded) -> RunEdges {
            let watchdog = systemd.watchdogInterval
            let signals: SignalChannel
            let deferred: DeferredActions<WakeSignal>
            do {
                let caught = Self.stopSignals.filter { $0 != .abort || watchdog != nil } + Self.forwardedSignals
                signals = try SignalChannel(caught)
                deferred = try DeferredActions<WakeSignal>()
            } catch {
                throw setupFailed("cannot set up: \(error)")
            }
            let engine = configuration.engine(watchdog: watchdog, servesHealth: healthListener != nil)
            let inbox = ControlInbox()
            let manager = ManagerConnections.detect(systemd: systemd, inbox: inbox, logger: logger) {
                deferred.append(.log(.warning, $0))
            }
            let notifyProxy: NotifyReceiver?
            do {
                notifyProxy =
                    engine.probes.contains(.notify) ? try NotifyReceiver(uniqueAbstractNameFor: "punctual") : nil
            } catch {
                throw RunEnded(
                    outcome: .spawnFailed(
                        engine, manager: manager, logger: logger,
                        reason: "cannot create the child's notify socket: \(error)", exitCode: ExitCodes.internalError))
            }
            let childEnvironment = ChildEnvironment.make(
                notifySocket: notifyProxy?.address.description,
                watchdog: engine.childFeedsWatchdog ? watchdog : nil, systemd: systemd)
            let (registry, hook) = try publishers(environment: childEnvironment)
            return RunEdges(
                signals: signals, deferred: deferred, engine: engine, inbox: inbox, manager: manager,
                notifyProxy: notifyProxy, childEnvironment: childEnvironment, registry: registry, hook: hook)
        }

        /// The etcd registration and the hook the run was asked for, not yet started.
        private func publishers(environment: [String]) throws(RunEnded) -> (RegistryPublisher?, StateHook?) {
            guard let publication = configuration.publication else { return (nil, nil) }
            do {
                let registry = try publication.registry.map { target throws(SystemError) in
                    RegistryPublisher(
                        .init(
                            target: target, instance: publication.instance, ttl: publication.ttl,
                            address: publication.address),
                        wake: try WakeSignal(), finished: try WakeSignal(), logger: logger,
                        wallSeconds: { Int64(time(nil)) })
                }
                let hook = try publication.hook.map { command throws(SystemError) in
                    try StateHook(
                        .init(
                            command: command, timeout: publication.hookTimeout, instance: publication.instance,
                            address: publication.address,
                            environment: environment.filter { !$0.hasPrefix("NOTIFY_SOCKET=") }),
                        logger: logger)
                }
                return (registry, hook)
            } catch {
                throw setupFailed("cannot set up the registry: \(error)")
            }
        }

        /// The child under its keeper; a failure is told to the manager as a failed start.
        func spawn(_ edges: RunEdges) throws(RunEnded) -> SupervisedChild {
            let engine = edges.engine
            let hasLogProbe = engine.probes.contains { if case .log = $0 { true } else { false } }
            // Output is evidence of progress: for the progress timeout, and for a registry's lease.
            let relay =
                hasLogProbe || engine.progressTimeout != nil || edges.registry != nil || console.style == .live
                || outputLog != nil
            let reason: String
            let exitCode: Int32
            do {
                let path = try ExecutableLookup.resolve(
                    ExecutableLookup.inDirectory(configuration.command[0], configuration.workingDirectory),
                    searchPath: environmentValue("PATH"))
                var command = ProcessLauncher.Command(
                    path: path, arguments: configuration.command, environment: edges.childEnvironment)
                command.directory = configuration.workingDirectory
                if engine.childFeedsWatchdog { command.ownPIDVariables.append("WATCHDOG_PID") }
                if systemd.passedSockets > 0 {
                    command.ownPIDVariables.append("LISTEN_PID")
                    command.passedDescriptors = systemd.passedSockets
                }
                return try SupervisedChild(command, relayOutput: relay)
            } catch let failure as ExecutableLookup.Failure {
                (reason, exitCode) = (failure.message, failure.exitCode)
            } catch let failure as SupervisedChild.SpawnFailure {
                (reason, exitCode) = (failure.message, failure.exitCode)
            } catch {
                (reason, exitCode) = ("\(error)", ExitCodes.notExecutable)
            }
            throw RunEnded(
                outcome: .spawnFailed(
                    engine, manager: edges.manager, logger: logger, reason: "cannot run: \(reason)",
                    exitCode: exitCode))
        }

        /// The engine's driver, which performs its actions on the manager and the child.
        func makeDriver(_ edges: RunEdges, child: SupervisedChild, threads: RunThreads) throws(RunEnded)
            -> EngineDriver
        {
            let deferred = edges.deferred
            do {
                let engineDriver = try EngineDriver(
                    engine: LifecycleEngine(configuration: edges.engine), manager: edges.manager, workload: child,
                    stopProbing: { threads.probes.withLock { $0?.stop() } },
                    startLivenessChecks: {
                        LivenessWatchers.start(threads.liveness) { deferred.append(.log(.error, $0)) }
                    },
                    deferred: deferred, listeners: edges.listeners)
                driver.withLock { $0 = engineDriver }
                edges.inbox.attach(engineDriver)
                return engineDriver
            } catch {
                throw abandon(child, "cannot set up: \(error)")
            }
        }

        /// Tells the engine the child started, and starts every thread that watches it: heartbeats, the
        /// probes, the liveness checks (held until ready), the health server and the output relay.
        func startWatching(_ edges: RunEdges, child: SupervisedChild, driver: EngineDriver, threads: RunThreads)
            throws(RunEnded) -> OutputRelay?
        {
            let engine = edges.engine
            let post: @Sendable (EngineEvent) -> Void = { driver.post($0) }
            let probeEnvironment = edges.childEnvironment.filter { entry in
                !["NOTIFY_SOCKET=", "LISTEN_FDS=", "LISTEN_FDNAMES="].contains { entry.hasPrefix($0) }
            }
            var jobs = StartWatchers.probeJobs(
                probes: engine.probes, environment: probeEnvironment, timeout: configuration.probeTimeout, post: post)
            if !engine.livenessChecks.isEmpty {
                // Made before the spawn is told: without a probe the program is ready at once.
                let checks = LivenessWatchers.jobs(
                    probes: configuration.livenessProbes(watchdog: systemd.watchdogInterval),
                    settings: configuration.liveness, environment: probeEnvironment, condition: { child.condition() },
                    post: post)
                do {
                    let thread = try PollingThread(jobs: checks)
                    threads.liveness.withLock { $0 = thread }
                } catch {
                    throw abandon(child, "cannot set up the liveness checks: \(error); killing the child")
                }
            }
            // CPU time and I/O are evidence of progress: for the progress timeout, and for a registry's
            // lease, sampled at least as often as each needs.
            let samplingPeriods = [
                engine.progressTimeout.map(StartWatchers.samplingPeriod(for:)), edges.registry?.keepAliveInterval,
            ]
            if let period = samplingPeriods.compactMap({ $0 }).min() {
                jobs.append(StartWatchers.progressSampler(root: child.keeperPID, period: period, post: post))
            }
            do {
                try edges.registry?.start(driver: driver)
                try edges.hook?.start()
            } catch {
                throw abandon(child, "cannot start a thread: \(error); killing the child")
            }

            post(.workloadStarted(pid: child.pid))
            do {
                try HeartbeatThread.start(driver: driver)
                if let healthListener { try serveHealth(on: healthListener, driver: driver) }
                if !jobs.isEmpty {
                    let polling = try PollingThread(jobs: jobs)
                    threads.probes.withLock { $0 = polling }
                    if driver.read({ $0.phase == .starting }) { try polling.start(name: "punctual-probe") }
                }
                guard let pipes = child.outputPipes else { return nil }
                let outputRelay = try OutputWatchers.relay(
                    pipes: pipes, sink: outputLog ?? console, configuration: engine, post: post)
                try outputRelay.start()
                return outputRelay
            } catch {
                throw abandon(child, "cannot start a thread: \(error); killing the child")
            }
        }

        private func serveHealth(on listener: ListeningSocket, driver: EngineDriver) throws {
            try HealthHTTPServer(listener: listener) { head in
                HealthRouter.answer(
                    method: head.method, target: head.target,
                    checks: { endpoint in driver.read { $0.health(endpoint) } },
                    metrics: { Array(driver.read { $0.prometheusText(at: .now) }.utf8) })
            }.start()
        }

        /// Logs why the run cannot go on, and ends it, with nothing of the child's tree left behind.
        private func abandon(_ child: SupervisedChild, _ reason: String) -> RunEnded {
            child.killTree()
            child.release(timeout: .seconds(6))
            return setupFailed(reason)
        }

        private func setupFailed(_ reason: String) -> RunEnded {
            logger.error("\(reason)")
            return RunEnded(outcome: .setupFailed)
        }
    }
#endif
