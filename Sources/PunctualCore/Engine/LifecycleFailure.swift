/// Why a start or a stop failed.
package enum LifecycleFailure: Sendable, Equatable {
    /// The workload could not be started; the exit code says why (126, 127).
    case cannotStart(reason: String, exitCode: Int32)
    case startupBudgetExceeded
    case noProgress
    case stopTimedOut
    /// A phase ran past its own budget.
    case phaseOverran(name: String, budget: Duration)
    /// A phase threw.
    case phaseFailed(name: String, reason: String)
    /// A liveness check failed `inARow` times in a row, or once where one failure is fatal.
    case livenessFailed(name: String, reason: String, inARow: Int)
    /// The watchdog judged the service hung.
    case watchdog(WatchdogVerdict)

    /// The exit code a service that failed this way ends with: 124 for what ran out of time, 137 for a
    /// stop that had to be forced, 125 for an unhealthy service, 1 for an error.
    package var exitCode: Int32 {
        switch self {
        case .cannotStart(_, let code): code
        case .startupBudgetExceeded, .noProgress, .phaseOverran: ExitCodes.timeout
        case .stopTimedOut: 128 + Signal.kill.number
        case .phaseFailed: 1
        case .livenessFailed, .watchdog: ExitCodes.unhealthy
        }
    }
}

/// Why the watchdog judged the service hung.
package enum WatchdogVerdict: Sendable, Equatable {
    /// The manager's own watchdog fired: this signal came (systemd's `WatchdogSignal=`, SIGABRT).
    case managerFired(Signal)
    /// The program sent `WATCHDOG=trigger`.
    case triggered
    /// The program, which feeds the watchdog itself, sent no `WATCHDOG=1` for a whole interval.
    case silent(for: Duration)

    /// The name under which the watchdog's verdicts show in `/livez` and the log.
    package static let checkName = "watchdog"
}
