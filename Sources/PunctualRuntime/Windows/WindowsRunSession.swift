#if os(Windows)
    import Logging
    import PunctualCore
    import PunctualProbes
    import PunctualSCM
    import PunctualSupervisor
    import Synchronization

    /// One supervised run of a child on Windows: the same engine, reports and rules as on Linux, with
    /// the SCM for a manager, CTRL_BREAK for the stop and a Job object for the kill.
    ///
    /// ``run()`` takes over the calling thread for the engine's log and finish; the heartbeat, the
    /// child's exit and each output stream have a thread of their own.
    package final class WindowsRunSession: Sendable {
        private let configuration: RunConfiguration
        private let manager: WindowsManager
        private let inbox: ControlInbox
        private let deferred: DeferredActions<WindowsEvent>
        private let logger: Logger
        private let outputLog: LogFileSink?
        /// Why the output log could not be opened: the run then reports that to the manager and ends.
        private let outputLogFailure: String?

        /// Connects to the SCM, or to the console, at once: call it before anything slow. The log
        /// handler is chosen by `makeLogger` once it is known whether this is a service (its name) or not;
        /// an output log that cannot be opened ends the run with 64, reported to the SCM as well.
        package init(
            configuration: RunConfiguration, makeLogger: (_ serviceName: String?) -> Logger,
            openOutputLog: (_ defaultPath: String?) throws -> LogFileSink?
        ) throws(Win32Error) {
            let deferred = DeferredActions(signal: try WindowsEvent())
            let inbox = ControlInbox()
            manager = WindowsManager.connect(inbox: inbox) { deferred.append(.log(.warning, $0)) }
            self.configuration = configuration
            self.inbox = inbox
            self.deferred = deferred
            logger = makeLogger(manager.serviceName)
            do {
                outputLog = try openOutputLog(manager.defaultOutputLog())
                outputLogFailure = nil
                outputLog?.reportNotices(to: logger)
            } catch {
                outputLog = nil
                outputLogFailure = "\(error)"
            }
        }

        /// Runs the child to its end and returns how it went.
        package func run() -> RunOutcome {
            // Windows has no watchdog; `--live` checks still judge the program after ready.
            let engineConfiguration = configuration.engine(watchdog: nil, servesHealth: false)
            if let outputLogFailure {
                return .spawnFailed(
                    engineConfiguration, manager: manager.connection, logger: logger, reason: outputLogFailure,
                    exitCode: ExitCodes.usage)
            }
            let deadlineChanged: WindowsEvent
            do {
                deadlineChanged = try WindowsEvent()
            } catch {
                return .spawnFailed(
                    engineConfiguration, manager: manager.connection, logger: logger, reason: "cannot set up: \(error)",
                    exitCode: ExitCodes.internalError)
            }
            let polling = Mutex<PollingThread?>(nil)
            let liveness = Mutex<PollingThread?>(nil)
            let child: WindowsChild
            do {
                child = try WindowsChild(command: configuration.command, directory: configuration.workingDirectory) {
                    [deferred] trouble in
                    deferred.append(.log(.warning, trouble))
                }
            } catch {
                return .spawnFailed(
                    engineConfiguration, manager: manager.connection, logger: logger, reason: error.message,
                    exitCode: error.exitCode)
            }
            let driver = EngineDriver(
                engine: LifecycleEngine(configuration: engineConfiguration), manager: manager.connection,
                workload: child, stopProbing: { polling.withLock { $0?.stop() } },
                startLivenessChecks: { [deferred] in
                    LivenessWatchers.start(liveness) { deferred.append(.log(.error, $0)) }
                },
                deferAction: { [deferred] in deferred.append($0) }, deadlineChanged: deadlineChanged)
            inbox.attach(driver)
            let post: @Sendable (EngineEvent) -> Void = { driver.post($0) }
            if !engineConfiguration.livenessChecks.isEmpty {
                // Made before the spawn is told: without a probe the program is ready at once.
                let checks = LivenessWatchers.jobs(
                    probes: configuration.livenessProbes(watchdog: nil), settings: configuration.liveness,
                    environment: [], condition: { nil }, post: post)
                do {
                    let thread = PollingThread(
                        jobs: checks, wake: try WindowsEvent(), startThread: WindowsThreads.start)
                    liveness.withLock { $0 = thread }
                } catch {
                    logger.error("cannot set up the liveness checks: \(error); ending the child's Job")
                    child.killTree()
                    manager.connection.send(
                        StatusReport(
                            state: .stopped(exitCode: ExitCodes.internalError), text: "cannot set up: \(error)"))
                    return .setupFailed
                }
            }
            // Before any output is read: a ready line printed at once must find the engine starting.
            post(.workloadStarted(pid: child.pid))
            var relay: WindowsOutputRelay?
            do {
                let output = try WindowsOutputRelay(
                    pipes: child.outputPipes, sink: outputLog ?? StandardOutputSink(),
                    observe: OutputWatchers.observer(configuration: engineConfiguration, post: post))
                relay = output
                try HeartbeatThread.start(driver: driver, on: WindowsThreads.start)
                var jobs = StartWatchers.probeJobs(
                    probes: engineConfiguration.probes, environment: [], timeout: configuration.probeTimeout, post: post
                )
                if let timeout = engineConfiguration.progressTimeout {
                    jobs += progressSampler(child: child, timeout: timeout, post: post)
                }
                if !jobs.isEmpty {
                    let probing = PollingThread(jobs: jobs, wake: try WindowsEvent(), startThread: WindowsThreads.start)
                    polling.withLock { $0 = probing }
                    if driver.read({ $0.phase == .starting }) { try probing.start(name: "punctual-probe") }
                }
                try WindowsThreads.start("punctual-child") {
                    let exit = child.waitForExit()
                    // Output written before the exit is seen before it, as far as a second allows.
                    _ = output.waitUntilDrained(timeout: .seconds(1))
                    post(.workloadEnded(.process(exit)))
                }
            } catch {
                // START_PENDING went out: the SCM must hear a STOPPED, not see the process vanish.
                logger.error("cannot set up: \(error); ending the child's Job")
                child.killTree()
                polling.withLock { $0?.stop() }
                relay?.close()
                manager.connection.send(
                    StatusReport(state: .stopped(exitCode: ExitCodes.internalError), text: "cannot set up: \(error)"))
                return .setupFailed
            }
            let exitCode = controlLoop()
            polling.withLock { $0?.stop() }
            liveness.withLock { $0?.stop() }
            if relay?.waitUntilDrained(timeout: .seconds(3)) == false {
                logger.warning("the child's output did not end within 3s of its exit; some of it may be missing")
            }
            relay?.close()
            outputLog?.close()
            return driver.read { RunOutcome(exitCode: exitCode, engine: $0) }
        }

        /// The job that samples the child's Job for CPU time and I/O, or none when Windows (or Wine)
        /// cannot say, which is logged once.
        private func progressSampler(
            child: WindowsChild, timeout: Duration, post: @escaping @Sendable (EngineEvent) -> Void
        ) -> [PollingThread.Job] {
            do {
                _ = try child.usage()
            } catch {
                logger.warning("\(WindowsRunRules.accountingUnavailable(win32Error: error.code))")
                return []
            }
            return [
                StartWatchers.progressSampler(
                    period: StartWatchers.samplingPeriod(for: timeout), rule: WindowsRunRules.progressRule(), post: post
                ) { try? child.usage() }
            ]
        }

        /// Writes the engine's log lines until it finishes, and returns the exit code.
        private func controlLoop() -> Int32 {
            while true {
                deferred.signal.sleep(nil)
                if let code = deferred.perform(logTo: logger) { return code }
            }
        }
    }
#endif
