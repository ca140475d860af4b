import PunctualSystem
import Synchronization

/// Asks a server again and again on a thread of its own, as a client waiting for it would: when it
/// last said it is not ready yet, and when it first said it is. Stops at the first "ready", at
/// ``stop()``, or after two minutes.
public final class FirstReadyWatcher: Sendable {
    public struct Seen: Sendable {
        public var lastNotReady: ContinuousClock.Instant?
        public var firstReady: ContinuousClock.Instant?
    }

    private let state = Mutex((seen: Seen(), stopped: false))

    /// `ask` answers true (ready), false (not ready yet, as `-LOADING` or 57P03 say) or nil (anything else).
    public init(pause: Duration = .milliseconds(1), _ ask: @escaping @Sendable () -> Bool?) throws {
        try OSThread.start(name: "test-watcher") { [self] in
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline, !state.withLock({ $0.stopped || $0.seen.firstReady != nil }) {
                let answer = ask()
                let now = ContinuousClock.now
                state.withLock { state in
                    if answer == true { state.seen.firstReady = now }
                    if answer == false { state.seen.lastNotReady = now }
                }
                _ = Poller.waitReadable([], timeout: pause)
            }
        }
    }

    public var seen: Seen { state.withLock { $0.seen } }

    /// Waits up to `grace` for a first "ready" (the watcher may hear it a moment after the system
    /// under test did), then stops asking.
    public func stop(after grace: Duration = .seconds(2)) {
        _ = eventually(timeout: grace) { seen.firstReady != nil }
        state.withLock { $0.stopped = true }
    }
}
