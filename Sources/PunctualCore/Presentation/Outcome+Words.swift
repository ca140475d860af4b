extension ChildExit: CustomStringConvertible {
    /// "exited with code 3", "was killed by SIGKILL".
    package var description: String {
        switch self {
        case .exited(let code): "exited with code \(code)"
        case .signaled(let signal): "was killed by \(signal)"
        case .lost: "was lost track of (its keeper process ended)"
        }
    }
}

extension WorkloadOutcome: CustomStringConvertible {
    /// How the workload ended, after its subject: "exited with code 3", "returned".
    package var description: String {
        switch self {
        case .process(let exit): exit.description
        case .returned: "returned"
        case .threw: "ended with an error"
        case .cancelled: "were cancelled"
        }
    }
}

extension WatchdogVerdict: CustomStringConvertible {
    /// Why the watchdog check failed: "the program sent WATCHDOG=trigger".
    package var description: String {
        switch self {
        case .managerFired(let signal): "the manager's watchdog fired (\(signal))"
        case .triggered: "the program sent WATCHDOG=trigger"
        case .silent(let interval): "the program sent no WATCHDOG=1 for \(interval.humanReadable)"
        }
    }
}

extension WorkloadCondition {
    /// Why a process in this condition is not alive; nil when it is.
    package var failure: String? {
        switch self {
        case .running: nil
        case .stopped: "the program is stopped (state T)"
        case .zombie: "the program has ended but was not reaped (state Z)"
        }
    }
}
