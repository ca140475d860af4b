/// What `punctual start` and `punctual stop` do while the SCM carries out their request: watch the
/// status like a good control program, print each step, and judge it by the service's own promise
/// (its wait hint), not by a fixed timeout.
package struct ServiceWait: Sendable {
    /// What the wait is for.
    package enum Goal: Sendable, Equatable {
        case running, stopped
    }

    /// What one look at the status says.
    package enum Verdict: Sendable, Equatable {
        /// Still on its way; `progress` is a line to print when something moved.
        case waiting(progress: String?)
        /// The goal is reached.
        case reached(String)
        /// It will not get there: why.
        case failed(String)
    }

    private let goal: Goal
    private let limit: Duration
    private let began: ContinuousClock.Instant
    private var last: ServiceStatus?
    private var lastProgressAt: ContinuousClock.Instant

    /// A wait for `goal` that gives up after `limit` even while the service keeps reporting progress.
    package init(for goal: Goal, limit: Duration, at now: ContinuousClock.Instant) {
        self.goal = goal
        self.limit = limit
        began = now
        lastProgressAt = now
    }

    /// How often to look: a tenth of the wait hint, between 100 ms and 1 s.
    package var pollInterval: Duration {
        let hint = last?.waitHint ?? .milliseconds(Int64(ServiceStatus.initialWaitHintMilliseconds))
        return min(max(hint / 10, .milliseconds(100)), .seconds(1))
    }

    /// Judges the status the SCM reports now.
    package mutating func observe(_ status: ServiceStatus, at now: ContinuousClock.Instant) -> Verdict {
        let elapsed = (now - began).humanReadable
        let moved = last.map { $0.state != status.state || $0.checkPoint != status.checkPoint } ?? true
        last = status
        if moved { lastProgressAt = now }
        switch (goal, status.state) {
        case (.running, .running): return .reached("RUNNING after \(elapsed)")
        case (.stopped, .stopped): return .reached("STOPPED after \(elapsed)\(Self.exitText(status))")
        case (.running, .stopped):
            // The wait begins after the SCM accepted the start, so STOPPED means the start failed.
            return .failed("the service stopped while starting\(Self.exitText(status))")
        default: break
        }
        if now - began > limit { return .failed("still \(status.state) after \(limit.humanReadable); giving up") }
        // The SCM's 2 s default hint applies while the service has said nothing of its own.
        let hint = status.state.isPending ? max(status.waitHint, Defaults.waitHint) : Defaults.waitHint
        if now - lastProgressAt > hint + pollInterval {
            return .failed(
                "no progress within the wait hint of \(hint.humanReadable): \(status.state) at checkpoint "
                    + "\(status.checkPoint) for \((now - lastProgressAt).humanReadable) (what Windows reports as 1053)")
        }
        return .waiting(progress: moved ? "\(elapsed): \(status.state), checkpoint \(status.checkPoint)" : nil)
    }

    private static func exitText(_ status: ServiceStatus) -> String {
        switch status.win32ExitCode {
        case 0: ""
        case ServiceStatus.serviceSpecificError: ", exit code \(status.serviceSpecificExitCode)"
        default: ", Win32 error \(status.win32ExitCode)"
        }
    }
}
