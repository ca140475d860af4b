#if !os(Windows)
    import PunctualCore
    import PunctualEmulator
    import PunctualSupervisor
    import PunctualSystem
    import PunctualSystemd

    /// Runs a real command under the emulated systemd, in real time, speaking the real notify protocol.
    package struct SystemdSimulation: Sendable {
        package let settings: SystemdUnitSettings
        package let command: [String]

        package init(settings: SystemdUnitSettings, command: [String]) {
            self.settings = settings
            self.command = command
        }

        package func run(
            _ options: SimulationOptions, onEntry: @escaping @Sendable (TimelineEntry) -> Void
        ) throws -> SimulationReport {
            let receiver = try NotifyReceiver(uniqueAbstractNameFor: "punctual-simulate")
            var environment = ["NOTIFY_SOCKET=\(receiver.address)"]
            if let watchdog = settings.watchdog { environment.append("WATCHDOG_USEC=\(watchdog.microseconds)") }
            var loop = SimulationLoop(options: options, onEntry: onEntry)
            var model = SystemdModel(settings: settings)
            var process: ServiceProcess?
            var pending = model.handle(.startRequested, at: .now)

            while true {
                for action in pending {
                    switch action {
                    case .startProcess:
                        if let previous = process {
                            previous.child.killTree()
                            previous.child.release(timeout: Defaults.killWait)
                        }
                        let started = try ServiceProcess.start(command, extra: environment)
                        process = started
                        pending += model.handle(.processStarted(pid: started.pid), at: .now)
                    case .signal(.kill, toGroup: true): process?.child.killTree()
                    case .signal(let signal, toGroup: true): process?.child.sendToTree(signal)
                    case .signal(let signal, toGroup: false): process?.child.send(signal, to: .mainProcess)
                    }
                }
                pending = []
                loop.emitNew(model.timeline)
                if model.isFinished || loop.isOverLimit || (model.isActive && options.stopAfter == nil) { break }

                var fds = [receiver.fd]
                if let process { fds.append(process.child.eventsFD) }
                let readable = loop.wait(fds, until: [model.nextDeadline])
                if readable.contains(receiver.fd) {
                    while let datagram = receiver.receive() {
                        pending += model.handle(.notify(datagram.message, sender: datagram.sender), at: .now)
                    }
                }
                if let ended = process, readable.contains(ended.child.eventsFD), let exit = ended.child.readExit() {
                    ended.child.release(timeout: Defaults.killWait)
                    process = nil
                    pending += model.handle(.processExited(exit), at: .now)
                }
                if loop.stopIsDue() { pending += model.handle(.stopRequested, at: .now) }
                pending += model.handle(.tick, at: .now)
            }
            process?.child.killTree()
            process?.child.release(timeout: Defaults.killWait)
            return SimulationReport(
                manager: "systemd", settings: settingsDescription, command: command, timeline: model.timeline,
                verdict: loop.verdict(model.conclusion, decided: model.isFinished || model.isActive),
                duration: loop.elapsed
            )
        }

        /// The unit's settings, in systemd's words.
        package var settingsDescription: [(name: String, value: String)] {
            [
                ("Type", "notify"), ("TimeoutStartSec", settings.timeoutStart?.humanReadable ?? "infinity"),
                ("TimeoutStopSec", settings.timeoutStop?.humanReadable ?? "infinity"),
                ("WatchdogSec", settings.watchdog?.humanReadable ?? "0"), ("Restart", settings.restart.rawValue),
                ("NotifyAccess", settings.notifyAccess.rawValue), ("KillMode", settings.killMode.rawValue),
            ]
        }
    }
#endif
