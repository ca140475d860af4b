import PunctualCore
import PunctualEmulator
import PunctualSupervisor
import PunctualSystem
import PunctualSystemd

/// Runs a real command under the emulated systemd, in real time, speaking the real notify protocol.
public struct SystemdSimulation: Sendable {
    public let settings: SystemdUnitSettings
    public let command: [String]

    public init(settings: SystemdUnitSettings, command: [String]) {
        self.settings = settings
        self.command = command
    }

    public func run(
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
                    let started = try ServiceProcess.start(command, extra: environment)
                    process = started
                    pending += model.handle(.processStarted(pid: started.pid), at: .now)
                case .signal(let signal, let toGroup):
                    if signal == .kill && toGroup {
                        process?.child.killTree()
                    } else {
                        process?.child.send(signal, to: toGroup ? .processGroup : .mainProcess)
                    }
                }
            }
            pending = []
            loop.emitNew(model.timeline)
            if model.isFinished || loop.isOverLimit || (model.isActive && options.stopAfter == nil) { break }

            var fds = [receiver.fd]
            if let process { fds.append(process.child.eventsFD) }
            let readable = loop.wait(fds, until: [model.nextDeadline])
            if readable.contains(0) {
                while let datagram = receiver.receive() {
                    pending += model.handle(.notify(datagram.message, sender: datagram.sender), at: .now)
                }
            }
            if readable.contains(1), let ended = process, let exit = ended.child.readExit() {
                ended.child.release(timeout: .seconds(5))
                process = nil
                pending += model.handle(.processExited(exit), at: .now)
            }
            if loop.stopIsDue() { pending += model.handle(.stopRequested, at: .now) }
            pending += model.handle(.tick, at: .now)
        }
        process?.child.killTree()
        process?.child.release(timeout: .seconds(5))
        return SimulationReport(
            manager: "systemd", settings: Self.describe(settings), command: command, timeline: model.timeline,
            verdict: loop.isOverLimit && !model.isFinished ? Self.undecided(options) : model.conclusion,
            duration: loop.elapsed)
    }

    static func undecided(_ options: SimulationOptions) -> Verdict {
        Verdict(
            succeeded: false, headline: "undecided after \(options.limit.humanReadable), the simulation's limit",
            code: nil)
    }

    static func describe(_ settings: SystemdUnitSettings) -> [(name: String, value: String)] {
        [
            ("Type", "notify"), ("TimeoutStartSec", settings.timeoutStart?.humanReadable ?? "infinity"),
            ("TimeoutStopSec", settings.timeoutStop?.humanReadable ?? "infinity"),
            ("WatchdogSec", settings.watchdog?.humanReadable ?? "0"), ("Restart", settings.restart.rawValue),
            ("NotifyAccess", settings.notifyAccess.rawValue), ("KillMode", "control-group"),
        ]
    }
}
