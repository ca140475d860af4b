import PunctualCore
import PunctualSystem
import Synchronization

/// Actions that may block (writing to the log) or end the run, handed from any thread to the control loop.
package final class DeferredActions: Sendable {
    private let queue = Mutex<[EngineAction]>([])
    package let signal: WakeSignal

    package init() throws(SystemError) { signal = try WakeSignal() }

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
