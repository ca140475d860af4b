import Logging
import PunctualCore

extension RunOutcome {
    /// How a run ended, as `engine` saw it.
    init(exitCode: Int32, engine: borrowing LifecycleEngine) {
        let startedAt = engine.startedAt
        self.init(
            exitCode: exitCode, readyAfter: engine.readyAt.flatMap { ready in startedAt.map { ready - $0 } },
            heartbeatsSent: engine.heartbeatsSent, watchdogPingsSent: engine.watchdogPingsSent)
    }

    /// A run that could not set itself up, so punctual failed (70).
    static let setupFailed = RunOutcome(
        exitCode: ExitCodes.internalError, readyAfter: nil, heartbeatsSent: 0, watchdogPingsSent: 0)

    /// A run whose child could not be started: the engine says why to the manager and the log.
    static func spawnFailed(
        _ configuration: EngineConfiguration, manager: any ManagerConnection, logger: Logger, reason: String,
        exitCode: Int32
    ) -> RunOutcome {
        var engine = LifecycleEngine(configuration: configuration)
        let words = LifecycleWords(configuration)
        for action in engine.handle(.workloadFailedToStart(reason: reason, exitCode: exitCode), at: .now) {
            switch action {
            case .report(let report): manager.send(words.report(report))
            case .log(let level, let fact): logger.log(level: Logger.Level(level), "\(words.line(fact))")
            default: break
            }
        }
        return RunOutcome(exitCode: exitCode, readyAfter: nil, heartbeatsSent: 0, watchdogPingsSent: 0)
    }
}
