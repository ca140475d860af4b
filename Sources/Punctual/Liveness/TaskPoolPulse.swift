import PunctualCore
import Synchronization

/// Tells whether Swift's cooperative thread pool still runs tasks: from punctual's own thread, it
/// starts a tiny task and waits for it to run. Reported as the liveness check `task-pool`.
final class TaskPoolPulse: Sendable {
    static let checkName = "task-pool"
    private let limit: Duration
    private let post: @Sendable (EngineEvent) -> Void
    private let state = Mutex<(sentAt: ContinuousClock.Instant?, failing: Bool)>((nil, false))

    init(limit: Duration, post: @escaping @Sendable (EngineEvent) -> Void) {
        self.limit = limit
        self.post = post
    }

    /// Called from punctual's control thread, about once a second.
    func beat(at now: ContinuousClock.Instant) {
        let starved: Bool? = state.withLock { state in
            if let sentAt = state.sentAt {
                guard now - sentAt >= limit, !state.failing else { return nil }
                state.failing = true
                return true
            }
            state.sentAt = now
            return false
        }
        switch starved {
        case true?:
            post(
                .livenessChecked(
                    name: Self.checkName,
                    failure: "no task has run for \(limit.humanReadable): every cooperative thread is busy or blocked"))
        case false?:
            Task.detached { self.answered() }
        case nil:
            break
        }
    }

    private func answered() {
        let recovered = state.withLock { state in
            defer { state = (nil, false) }
            return state.failing
        }
        if recovered { post(.livenessChecked(name: Self.checkName, failure: nil)) }
    }
}
