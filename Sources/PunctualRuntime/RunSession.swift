#if !os(Windows)
    import CPunctualLinux
    import Glibc
    import Logging
    import PunctualCore
    import PunctualProbes
    import PunctualSupervisor
    import PunctualSystem
    import PunctualSystemd
    import Synchronization

    /// One supervised run of a child: start, readiness, heartbeats, stop, exit code.
    ///
    /// ``run()`` takes over the calling thread as the control loop, reading punctual's signals, the
    /// keeper's report and the child's notify messages; heartbeats, probes and output relaying each
    /// have a thread of their own.
    package final class RunSession: Sendable {
        private let configuration: RunConfiguration
        private let console: Console
        private let logger: Logger
        private let systemd: SystemdEnvironment
        private let driver = Mutex<EngineDriver?>(nil)
        private let outputLog: LogFileSink?
        private let healthListener: ListeningSocket?

        /// Signals that end the run: the stop path. Under a watchdog, SIGABRT too: systemd's
        /// `WatchdogSignal=` when the watchdog fires.
        static let stopSignals: [Signal] = [.terminate, .interrupt, .abort]
        /// Signals passed on to the child's main process as they are.
        static let forwardedSignals: [Signal] = [.hangup, .quit, .user1, .user2]

        /// A run of `configuration`; the child's output goes to `outputLog` when given, else through `console`;
        /// the health endpoints are served on `healthListener` when given.
        package init(
            configuration: RunConfiguration, console: Console, logger: Logger, systemd: SystemdEnvironment,
            outputLog: LogFileSink? = nil, healthListener: ListeningSocket? = nil
        ) {
            self.configuration = configuration
            self.console = console
            self.logger = logger
            self.systemd = systemd
            self.outputLog = outputLog
            self.healthListener = healthListener
        }

        /// Where the run is, for a caller on another thread; `.idle` before it started.
        package var phase: LifecyclePhase { driver.withLock { $0?.read { $0.phase } } ?? .idle }

        /// Runs the child to its end and returns how it went.
        package func run() -> RunOutcome {
            signal(SIGPIPE, SIG_IGN)
            // Should the keeper die, the orphans of the child's tree come to punctual, which kills them.
            _ = cpunctual_set_child_subreaper()
            let signals: SignalChannel
            let deferred: DeferredActions<WakeSignal>
            let watchdog = systemd.watchdogInterval
            do {
                let caught = Self.stopSignals.filter { $0 != .abort || watchdog != nil } + Self.forwardedSignals
                signals = try SignalChannel(caught)
                deferred = try DeferredActions<WakeSignal>()
            } catch {
                logger.error("cannot set up: \(error)")
                return .setupFailed
            }
            let engineConfiguration = configuration.engine(watchdog: watchdog, servesHealth: healthListener != nil)
            let inbox = ControlInbox()
            let manager = ManagerConnections.detect(systemd: systemd, inbox: inbox, logger: logger) {
                deferred.append(.log(.warning, $0))
            }

            let notifyProxy: NotifyReceiver?
            do {
                notifyProxy =
                    engineConfiguration.probes.contains(.notify)
                    ? try NotifyReceiver(uniqueAbstractNameFor: "punctual") : nil
            } catch {
                return .spawnFailed(
                    engineConfiguration, manager: manager, logger: logger,
                    reason: "cannot create the child's notify socket: \(error)", exitCode: ExitCodes.internalError)
            }
            let childEnvironment = ChildEnvironment.make(
                notifySocket: notifyProxy?.address.description,
                watchdog: engineConfiguration.childFeedsWatchdog ? watchdog : nil)
            let hasLogProbe = engineConfiguration.probes.contains { if case .log = $0 { true } else { false } }
            let relay =
                hasLogProbe || engineConfiguration.progressTimeout != nil || console.style == .live || outputLog != nil

            let child: SupervisedChild
            do {
                let path = try ExecutableLookup.resolve(
                    ExecutableLookup.inDirectory(configuration.command[0], configuration.workingDirectory),
                    searchPath: environmentValue("PATH"))
                var command = ProcessLauncher.Command(
                    path: path, arguments: configuration.command, environment: childEnvironment)
                command.directory = configuration.workingDirectory
                if engineConfiguration.childFeedsWatchdog { command.ownPIDVariable = "WATCHDOG_PID" }
                child = try SupervisedChild(
                    command,
                    relayOutput: relay)
            } catch let failure as ExecutableLookup.Failure {
                return .spawnFailed(
                    engineConfiguration, manager: manager, logger: logger, reason: "cannot run: \(failure.message)",
                    exitCode: failure.exitCode)
            } catch let failure as SupervisedChild.SpawnFailure {
                return .spawnFailed(
                    engineConfiguration, manager: manager, logger: logger, reason: "cannot run: \(failure.message)",
                    exitCode: failure.exitCode)
            } catch {
                return .spawnFailed(
                    engineConfiguration, manager: manager, logger: logger, reason: "cannot run: \(error)",
                    exitCode: ExitCodes.notExecutable)
            }

            let watchers = Mutex<PollingThread?>(nil)
            let liveness = Mutex<PollingThread?>(nil)
            let engineDriver: EngineDriver
            do {
                engineDriver = try EngineDriver(
                    engine: LifecycleEngine(configuration: engineConfiguration), manager: manager, workload: child,
                    stopProbing: { watchers.withLock { $0?.stop() } },
                    startLivenessChecks: { LivenessWatchers.start(liveness) { deferred.append(.log(.error, $0)) } },
                    deferred: deferred)
            } catch {
                child.killTree()
                child.release(timeout: .seconds(6))
                logger.error("cannot set up: \(error)")
                return .setupFailed
            }
            driver.withLock { $0 = engineDriver }
            inbox.attach(engineDriver)
            let post: @Sendable (EngineEvent) -> Void = { engineDriver.post($0) }

            let probeEnvironment = childEnvironment.filter { !$0.hasPrefix("NOTIFY_SOCKET=") }
            var jobs = StartWatchers.probeJobs(
                probes: engineConfiguration.probes, environment: probeEnvironment, timeout: configuration.probeTimeout,
                post: post)
            if !engineConfiguration.livenessChecks.isEmpty {
                // Made before the spawn is told: without a probe the program is ready at once.
                let checks = LivenessWatchers.jobs(
                    probes: configuration.livenessProbes(watchdog: watchdog), settings: configuration.liveness,
                    environment: probeEnvironment, condition: { child.condition() }, post: post)
                do {
                    let thread = try PollingThread(jobs: checks)
                    liveness.withLock { $0 = thread }
                } catch {
                    logger.error("cannot set up the liveness checks: \(error); killing the child")
                    child.killTree()
                    child.release(timeout: .seconds(6))
                    return .setupFailed
                }
            }
            if let timeout = engineConfiguration.progressTimeout {
                jobs.append(
                    StartWatchers.progressSampler(
                        root: child.keeperPID, period: StartWatchers.samplingPeriod(for: timeout), post: post))
            }

            post(.workloadStarted(pid: child.pid))
            var outputRelay: OutputRelay?
            do {
                try HeartbeatThread.start(driver: engineDriver)
                if let healthListener {
                    try HealthHTTPServer(listener: healthListener) { head in
                        HealthRouter.answer(
                            method: head.method, target: head.target,
                            checks: { endpoint in engineDriver.read { $0.health(endpoint) } },
                            metrics: { Array(engineDriver.read { $0.prometheusText(at: .now) }.utf8) })
                    }.start()
                }
                if !jobs.isEmpty {
                    let polling = try PollingThread(jobs: jobs)
                    watchers.withLock { $0 = polling }
                    if engineDriver.read({ $0.phase == .starting }) { try polling.start(name: "punctual-probe") }
                }
                if let pipes = child.outputPipes {
                    outputRelay = try OutputWatchers.relay(
                        pipes: pipes, sink: outputLog ?? console, configuration: engineConfiguration, post: post)
                    try outputRelay?.start()
                }
            } catch {
                logger.error("cannot start a thread: \(error); killing the child")
                child.killTree()
                child.release(timeout: .seconds(6))
                return .setupFailed
            }

            let exitCode = controlLoop(
                signals: signals, deferred: deferred, child: child, notifyProxy: notifyProxy, outputRelay: outputRelay,
                driver: engineDriver)
            console.showStatus(nil)
            watchers.withLock { $0?.stop() }
            liveness.withLock { $0?.stop() }
            if let outputRelay, !outputRelay.waitUntilDrained(timeout: .seconds(3)) {
                logger.warning("the child's output did not end within 3s of its exit; some of it may be missing")
            }
            outputLog?.close()
            child.release(timeout: .seconds(6))
            if exitCode == ExitCodes.internalError {
                // The keeper was lost: whatever it guarded came to punctual, the subreaper; nothing may outlive it.
                ProcessTree.killAll(under: getpid())
            }
            return engineDriver.read { RunOutcome(exitCode: exitCode, engine: $0) }
        }

        private func controlLoop(
            signals: SignalChannel, deferred: DeferredActions<WakeSignal>, child: SupervisedChild,
            notifyProxy: NotifyReceiver?,
            outputRelay: OutputRelay?, driver: EngineDriver
        ) -> Int32 {
            var watchChild = true
            var codePagesReleased = false
            while true {
                var fds = [signals.fd, deferred.signal.fd]
                if watchChild { fds.append(child.eventsFD) }
                if let notifyProxy { fds.append(notifyProxy.fd) }
                let releaseAt: ContinuousClock.Instant? =
                    codePagesReleased
                    ? nil : driver.read { $0.phase == .ready ? $0.readyAt.map { $0 + Self.settleBeforeRelease } : nil }
                let liveStatus =
                    console.style == .live && driver.read { $0.phase == .starting || $0.phase == .stopping }
                var timeout = releaseAt.map { $0 - ContinuousClock.now }
                if liveStatus { timeout = min(timeout ?? .milliseconds(250), .milliseconds(250)) }
                let readable = Set(Poller.waitReadable(fds, timeout: timeout))
                if console.style == .live {
                    console.showStatus(
                        driver.read { engine in
                            engine.phase == .starting || engine.phase == .stopping ? engine.statusLine(at: .now) : nil
                        })
                }
                if readable.contains(0) {
                    while let signal = signals.next() {
                        driver.post(
                            Self.stopSignals.contains(signal) ? .stopRequested(signal) : .signalReceived(signal))
                    }
                }
                if watchChild, let index = fds.firstIndex(of: child.eventsFD), readable.contains(index),
                    let exit = child.readExit()
                {
                    watchChild = false
                    _ = outputRelay?.catchUp(timeout: .seconds(1))
                    if let notifyProxy { receiveChildMessages(notifyProxy, child: child, driver: driver) }
                    driver.post(.workloadEnded(.process(exit)))
                }
                if let notifyProxy, let index = fds.firstIndex(of: notifyProxy.fd), readable.contains(index) {
                    receiveChildMessages(notifyProxy, child: child, driver: driver)
                }
                if let releaseAt, ContinuousClock.now >= releaseAt {
                    codePagesReleased = true
                    Self.releaseStartupMemory()
                }
                if readable.contains(1), let code = deferred.perform(logTo: logger) { return code }
            }
        }

        /// How long a service must have been ready before punctual gives back its start-up code's pages.
        static let settleBeforeRelease: Duration = .seconds(5)

        /// Once the start is over, the code that ran it is not needed again soon: give its pages back to
        /// the kernel, so an idle punctual holds little more than its stacks and heap. Not at once, so a
        /// short run does not pay for faulting them back in on its way out.
        private static func releaseStartupMemory() {
            _ = cpunctual_release_code_pages()
        }

        private func receiveChildMessages(_ receiver: NotifyReceiver, child: SupervisedChild, driver: EngineDriver) {
            for _ in 0..<64 {
                guard let datagram = receiver.receive() else { return }
                let sender = datagram.sender
                // A sender that exits at once (systemd-notify in a script) may be gone before it can be traced
                // to the tree; one of the same user that has vanished is taken at its word.
                let vanished = sender > 0 && ProcessTree.parent(of: sender) == nil && datagram.uid == getuid()
                if vanished || (sender > 0 && ProcessTree.contains(sender, under: child.keeperPID)) {
                    var message = datagram.message
                    // The watchdog is the main process's alone (its WATCHDOG_PID), as with NotifyAccess=main:
                    // a helper's pings must not keep a hung server looking alive.
                    if message["WATCHDOG"] != nil, sender != child.pid {
                        message = NotifyMessage(message.fields.filter { $0.key != "WATCHDOG" })
                        logger.warning(
                            "ignored WATCHDOG= from pid \(sender): only the program's main process feeds the watchdog")
                    }
                    driver.post(.childMessage(message))
                } else {
                    logger.warning("ignored a notify message from pid \(sender), which is not in the child's tree")
                }
            }
        }
    }

    extension SupervisedChild: Workload {}
#endif
