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
        let configuration: RunConfiguration
        let console: Console
        let logger: Logger
        let systemd: SystemdEnvironment
        let driver = Mutex<EngineDriver?>(nil)
        let outputLog: LogFileSink?
        let healthListener: ListeningSocket?

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
            outputLog?.reportNotices(to: logger)
            do throws(RunEnded) {
                let edges = try prepare()
                let child = try spawn(edges)
                let threads = RunThreads()
                let engineDriver = try makeDriver(edges, child: child, threads: threads)
                let outputRelay = try startWatching(edges, child: child, driver: engineDriver, threads: threads)
                let exitCode = controlLoop(edges, child: child, outputRelay: outputRelay, driver: engineDriver)
                finish(edges, child: child, threads: threads, outputRelay: outputRelay, exitCode: exitCode)
                return engineDriver.read { RunOutcome(exitCode: exitCode, engine: $0) }
            } catch {
                return error.outcome
            }
        }

        /// Gives back what the run held, once its control loop has ended.
        private func finish(
            _ edges: RunEdges, child: SupervisedChild, threads: RunThreads, outputRelay: OutputRelay?, exitCode: Int32
        ) {
            console.showStatus(nil)
            threads.stopAll()
            // The lease revoked (or given up after one try per endpoint), the last hook run: each bounded.
            edges.registry?.waitUntilDone(timeout: Publication.revocationWait)
            if let hook = edges.hook, let publication = configuration.publication,
                !hook.waitUntilIdle(timeout: publication.hookTimeout + .seconds(1))
            {
                logger.warning("the --on-state command for the end did not finish in time; punctual exits without it")
            }
            if let outputRelay, !outputRelay.waitUntilDrained(timeout: .seconds(3)) {
                logger.warning("the child's output did not end within 3s of its exit; some of it may be missing")
            }
            outputLog?.close()
            child.release(timeout: .seconds(6))
            if exitCode == ExitCodes.internalError {
                // The keeper was lost: whatever it guarded came to punctual, the subreaper; nothing may outlive it.
                ProcessTree.killAll(under: getpid())
            }
        }

        private func controlLoop(
            _ edges: RunEdges, child: SupervisedChild, outputRelay: OutputRelay?, driver: EngineDriver
        ) -> Int32 {
            let (signals, deferred, notifyProxy) = (edges.signals, edges.deferred, edges.notifyProxy)
            let history = StartHistoryFile.folder(given: configuration.stateDirectory).map(StartHistoryFile.init)
            var watchChild = true
            var releases = CodePageReleases(began: .now)
            while true {
                var fds = [signals.fd, deferred.signal.fd]
                if watchChild { fds.append(child.eventsFD) }
                if let notifyProxy { fds.append(notifyProxy.fd) }
                let release = driver.read { releases.next(phase: $0.phase, readyAt: $0.readyAt) }
                let liveStatus =
                    console.style == .live && driver.read { $0.phase == .starting || $0.phase == .stopping }
                var timeout = release.map { $0.at - ContinuousClock.now }
                if liveStatus { timeout = min(timeout ?? .milliseconds(250), .milliseconds(250)) }
                let readable = Poller.waitReadable(fds, timeout: timeout)
                if console.style == .live {
                    console.showStatus(
                        driver.read { engine in
                            engine.phase == .starting || engine.phase == .stopping ? engine.statusLine(at: .now) : nil
                        })
                }
                if readable.contains(signals.fd) {
                    while let signal = signals.next() {
                        driver.post(
                            Self.stopSignals.contains(signal) ? .stopRequested(signal) : .signalReceived(signal))
                    }
                }
                if watchChild, readable.contains(child.eventsFD), let exit = child.readExit() {
                    watchChild = false
                    _ = outputRelay?.catchUp(timeout: .seconds(1))
                    if let notifyProxy { receiveChildMessages(notifyProxy, child: child, driver: driver) }
                    driver.post(.workloadEnded(.process(exit)))
                }
                if let notifyProxy, readable.contains(notifyProxy.fd) {
                    receiveChildMessages(notifyProxy, child: child, driver: driver)
                }
                if let release, ContinuousClock.now >= release.at {
                    releases.made(release.1)
                    _ = cpunctual_release_code_pages()
                }
                if readable.contains(deferred.signal.fd), let code = deferred.perform(logTo: logger, history: history) {
                    return code
                }
            }
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
