import Synchronization

/// One call of a liveness check: when it began and whether it has returned, even after it was
/// abandoned at its timeout.
final class CallInFlight: Sendable {
    private let began = ContinuousClock.now
    private let finished = Atomic(false)

    /// Marks the call as returned.
    func finish() { finished.store(true, ordering: .releasing) }

    /// How long the call has been running, or nil once it has returned.
    var runningFor: Duration? { finished.load(ordering: .acquiring) ? nil : ContinuousClock.now - began }
}
