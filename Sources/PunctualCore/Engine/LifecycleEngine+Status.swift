extension LifecycleEngine {
    /// Where the service stands at `now`, as one fact: what `STATUS=`, the terminal's status line and
    /// each report to the manager say.
    package func status(at now: ContinuousClock.Instant) -> LifecycleFact {
        switch state {
        case .idle:
            return .notStarted
        case .starting:
            return .waiting(elapsed: elapsed(at: now), pending: pending, programSays: childStatus)
        case .ready:
            let after = readyAt.flatMap { ready in startedAt.map { ready - $0 } } ?? .zero
            return .ready(after: after, conditions: probes)
        case .stopping(let stopping):
            if let failure, failure != .stopTimedOut { return .failed(failure, pending: pending) }
            switch stopping.step {
            case .draining(let until, let signal):
                return .draining(signal: signal, remaining: until - now)
            case .grace(let until):
                let remaining = until - now
                let signals = stopping.signalsSent.sorted { $0.number < $1.number }
                return .stopping(signals: signals, since: configuration.stopTimeout - remaining, remaining: remaining)
            case .killed:
                return .stopForced
            }
        case .finished(let code, _):
            return .finished(exitCode: code)
        }
    }
}
