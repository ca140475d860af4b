/// Where the engine stands, with the data that only that phase has: a combination that cannot
/// happen (a heartbeat due after the workload ended, a kill deadline while ready) cannot be written.
enum LifecycleState: Sendable {
    /// Nothing started yet.
    case idle
    /// The workload runs; readiness is awaited.
    case starting(Starting)
    /// Every readiness condition holds.
    case ready(Ready)
    /// The workload is being stopped, on request or because it failed.
    case stopping(Stopping)
    /// Done with the workload; `failed` says whether it ended as expected.
    case finished(exitCode: Int32, failed: Bool)

    struct Starting: Sendable {
        /// The last evidence that the start is alive; the start itself counts, with no source.
        var lastProgress: (at: ContinuousClock.Instant, source: ProgressSource?)
        /// When the next heartbeat extends the manager's start deadline.
        var nextHeartbeat: ContinuousClock.Instant
    }

    struct Ready: Sendable {
        /// With a workload that feeds the watchdog itself: it is hung unless it pings by then.
        var childWatchdogDeadline: ContinuousClock.Instant?
    }

    struct Stopping: Sendable {
        /// The signal that asked for the stop; nil when a failure began it.
        var requestedBy: Signal?
        var since: ContinuousClock.Instant
        var signalsSent: Set<Signal>
        var step: Step
        /// When the next heartbeat extends the manager's stop deadline; none once the tree is killed.
        var nextHeartbeat: ContinuousClock.Instant?
        /// When the workload is killed at the latest: no extension reaches past it by more than the margin.
        var limit: ContinuousClock.Instant

        enum Step: Sendable {
            /// The shutdown delay: `/readyz` fails, and `signal` goes out at `until`.
            case draining(until: ContinuousClock.Instant, signal: Signal)
            /// The stop signal went out; the workload has until then to end.
            case grace(until: ContinuousClock.Instant)
            /// The tree was killed; past `until` punctual gives up on it.
            case killed(until: ContinuousClock.Instant)
        }
    }

    /// The phase as the outside sees it.
    var phase: LifecyclePhase {
        switch self {
        case .idle: .idle
        case .starting: .starting
        case .ready: .ready
        case .stopping: .stopping
        case .finished(let code, let failed): failed ? .failed(exitCode: code) : .stopped(exitCode: code)
        }
    }
}
