/// How log and status lines name each kind of workload and what is done to it.
extension WorkloadKind {
    /// "the child" or "the services".
    var subject: String {
        switch self {
        case .childProcess, .windowsProcess: "the child"
        case .serviceGroup: "the services"
        }
    }

    /// What starting it is called in the log.
    func started(pid: Int32?) -> String {
        switch self {
        case .childProcess, .windowsProcess: "started the child" + (pid.map { " (pid \($0))" } ?? "")
        case .serviceGroup: "started the services"
        }
    }

    /// What a stop request does to it.
    func stopping(with signal: Signal, limit: Duration) -> String {
        switch self {
        case .childProcess: "sending \(signal) to the child, SIGKILL in \(limit.humanReadable)"
        case .serviceGroup: "shutting the services down gracefully, cancelling them in \(limit.humanReadable)"
        case .windowsProcess:
            "sending CTRL_BREAK to the child's process group, ending its Job in \(limit.humanReadable)"
        }
    }

    /// The status line while it stops.
    func stoppingStatus(signals: String, since: Duration, remaining: Duration) -> String {
        switch self {
        case .childProcess:
            "stopping: \(signals) sent \(since.humanReadable) ago; SIGKILL in \(remaining.humanReadable)"
        case .serviceGroup:
            "stopping: graceful shutdown began \(since.humanReadable) ago; cancelling the services in \(remaining.humanReadable)"
        case .windowsProcess:
            "stopping: CTRL_BREAK sent \(since.humanReadable) ago; ending the child's Job in \(remaining.humanReadable)"
        }
    }

    /// The status line once the stop limit has passed.
    func stopTimedOutStatus(after limit: Duration) -> String {
        switch self {
        case .childProcess: "stopping: SIGKILL sent after \(limit.humanReadable)"
        case .serviceGroup: "stopping: the services were cancelled after \(limit.humanReadable)"
        case .windowsProcess: "stopping: the child's Job was ended after \(limit.humanReadable)"
        }
    }

    /// What killing it is called: "killing the child's tree", "cancelling the services".
    var killing: String {
        switch self {
        case .childProcess: "killing the child's tree"
        case .serviceGroup: "cancelling the services"
        case .windowsProcess: "ending the child's Job"
        }
    }

    /// "was killed" or "were cancelled".
    var wasKilled: String {
        switch self {
        case .childProcess: "was killed"
        case .serviceGroup: "were cancelled"
        case .windowsProcess: "its Job was ended"
        }
    }

    /// The step after a kill that did not end it.
    var afterKill: String {
        switch self {
        case .childProcess: "after SIGKILL"
        case .serviceGroup: "after they were cancelled"
        case .windowsProcess: "after its Job was ended"
        }
    }

    /// How a stop request is told: "SIGTERM received", or on Windows, where no signals come, "stop requested".
    func received(_ signal: Signal) -> String {
        switch self {
        case .childProcess, .serviceGroup: "\(signal) received"
        case .windowsProcess: "stop requested"
        }
    }

    /// How a child that ended on the stop request is described: "ended on SIGTERM".
    func endedOn(_ signal: Signal) -> String {
        switch self {
        case .childProcess, .serviceGroup: "ended on \(signal)"
        case .windowsProcess: "ended on CTRL_BREAK"
        }
    }
}
