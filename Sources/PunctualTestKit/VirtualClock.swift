import Synchronization

/// Time that moves only when a test says so. Sleepers wake when the clock reaches their moment, or
/// throw `CancellationError` when their task is cancelled.
final class VirtualClock: Sendable {
    private struct Sleeper {
        let id: Int
        let until: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var elapsed: Duration = .zero
        var sleepers: [Sleeper] = []
        var cancelled: Set<Int> = []
        var nextID = 0
    }

    /// The real instant virtual time counts from.
    let origin = ContinuousClock.now
    private let state = Mutex(State())

    /// Virtual time since the clock was made.
    var elapsed: Duration { state.withLock { $0.elapsed } }

    /// The present moment, as the engine reads it.
    func now() -> ContinuousClock.Instant { origin + elapsed }

    /// When the earliest sleeper wakes, if any sleeps.
    var nextWake: Duration? { state.withLock { $0.sleepers.map(\.until).min() } }

    /// Suspends until the clock has moved `duration` on.
    func sleep(_ duration: Duration) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let now: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if duration <= .zero { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, until: state.elapsed + duration, continuation: continuation))
                    return nil
                }
                if let now { continuation.resume(with: now) }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock to `moment` (never back) and wakes every sleeper whose time has come.
    func move(to moment: Duration) {
        let due: [Sleeper] = state.withLock { state in
            state.elapsed = max(state.elapsed, moment)
            let now = state.elapsed
            let due = state.sleepers.filter { $0.until <= now }
            state.sleepers.removeAll { $0.until <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
