import Glibc
import PunctualSystem
import Synchronization

/// Reads one key's state from etcd every 10 ms on a thread of its own and keeps each change with the
/// moment it was seen: what a client discovering instances sees, as a timeline.
public final class KeyWatcher: Sendable {
    private let seen = Mutex<[(at: ContinuousClock.Instant, state: String?)]>([])
    private let stopped = Atomic(false)
    private let done: WakeSignal

    /// Starts watching `key`, asking the members in turn until one answers.
    public init(_ cluster: EtcdCluster, key: String) throws {
        done = try WakeSignal()
        try OSThread.start(name: "test-watch") { [self] in
            var member = 0
            while !stopped.load(ordering: .acquiring) {
                if let state = cluster.state(of: key, member: member) {
                    seen.withLock { seen in
                        if seen.last.map({ $0.state != state }) ?? true { seen.append((.now, state)) }
                    }
                } else {
                    member = (member + 1) % cluster.clientPorts.count
                }
                var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
                nanosleep(&pause, nil)
            }
            done.wake()
        }
    }

    /// Every change seen: nil for no key.
    public var changes: [(at: ContinuousClock.Instant, state: String?)] { seen.withLock { $0 } }

    /// The states in the order seen, nil for no key.
    public var states: [String?] { changes.map(\.state) }

    /// The current state (nil: no key, or nothing seen yet).
    public var current: String? { changes.last?.state }

    /// When the key first held `state` (nil: when it was first gone after holding something).
    public func firstTime(_ state: String?) -> ContinuousClock.Instant? {
        let changes = self.changes
        let start = state == nil ? (changes.firstIndex { $0.state != nil } ?? changes.count) : 0
        return changes[start...].first { $0.state == state }?.at
    }

    /// Waits until the key holds `state` (nil: gone), at most `timeout`.
    @discardableResult
    public func wait(for state: String?, timeout: Duration) -> Bool {
        eventually(timeout: timeout) { current == state && !changes.isEmpty }
    }

    public func stop() {
        stopped.store(true, ordering: .releasing)
        _ = Poller.sleep(.seconds(2), unless: done)
    }

    deinit { stopped.store(true, ordering: .releasing) }
}
