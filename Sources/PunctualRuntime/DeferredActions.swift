import PunctualCore
import Synchronization

/// Actions that may block (writing to the log) or end the run, handed from any thread to the control loop.
package final class DeferredActions<Wake: Wakeup>: Sendable {
    private let queue = Mutex<[EngineAction]>([])
    /// Raised whenever an action arrives.
    package let signal: Wake

    package init(signal: Wake) { self.signal = signal }

    package func append(_ action: EngineAction) {
        queue.withLock { $0.append(action) }
        signal.wake()
    }

    package func take() -> [EngineAction] {
        signal.drain()
        return queue.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
    }
}
