/// Something the engine wants done. Actions are performed in the order given.
package enum EngineAction: Sendable, Equatable {
    /// Tell the manager where the service stands.
    case report(EngineReport)
    /// Tell the manager's watchdog that the service is alive.
    case watchdogPing
    /// Tell the manager's watchdog that the service has failed, at once (`WATCHDOG=trigger`).
    case watchdogTrigger
    /// Send a signal to the child.
    case signal(Signal, SignalTarget)
    /// SIGKILL every process of the child's tree.
    case killTree
    /// The start is over: stop polling probes and sampling progress.
    case stopProbing
    /// The service is ready: begin the liveness checks (the configuration lists them).
    case startLivenessChecks
    /// Say something in punctual's own log.
    case log(LogLevel, LifecycleFact)
    /// Punctual is done; exit with this code once the child's output is drained.
    case finish(exitCode: Int32)
}

/// Who receives a signal.
package enum SignalTarget: Sendable, Equatable {
    /// The child's main process only.
    case mainProcess
    /// The child's process group (the child and what it started, unless they moved away).
    case processGroup
}

/// The severity of a log line.
package enum LogLevel: Int, Sendable, Comparable {
    case debug, info, notice, warning, error

    package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What the manager should believe, as the engine decides it: a state and a fact, put into words by
/// ``LifecycleWords`` on the way out.
package struct EngineReport: Sendable, Equatable {
    /// The state to report.
    package var state: ReportedState
    /// Where the service stands.
    package var status: LifecycleFact
    /// For a heartbeat: move the manager's deadline this far from now. Nil: leave it.
    package var extendBy: Duration?

    package init(state: ReportedState, status: LifecycleFact, extendBy: Duration? = nil) {
        self.state = state
        self.status = status
        self.extendBy = extendBy
    }
}

/// What the manager should believe, in words every manager connection can translate.
package struct StatusReport: Sendable, Equatable {
    /// The state to report.
    package var state: ReportedState
    /// One human-readable line: phase, elapsed of budget, what is awaited.
    package var text: String
    /// For a heartbeat: move the manager's deadline this far from now. Nil: leave it.
    package var extendBy: Duration?

    package init(state: ReportedState, text: String, extendBy: Duration? = nil) {
        self.state = state
        self.text = text
        self.extendBy = extendBy
    }
}

/// The states a manager hears about.
package enum ReportedState: Sendable, Equatable {
    case starting
    case ready
    case stopping
    case stopped(exitCode: Int32)
}
