import Logging
import PunctualCore
import Synchronization

/// What the control loop does for the engine: write a log line, record how a start went, or end
/// the run.
package enum DeferredAction: Sendable {
    case log(LogLevel, String)
    /// The start ended: ready after `after`, or failed after it with `failure` as the exit code;
    /// `quiet`: the longest it went without progress, when progress was watched.
    case startEnded(after: Duration, failure: Int32?, quiet: Duration?)
    case finish(exitCode: Int32)
}

/// Actions that may block (writing to the log) or end the run, handed from any thread to the control loop.
package final class DeferredActions<Wake: Wakeup>: Sendable {
    private let queue = Mutex<[DeferredAction]>([])
    /// Raised whenever an action arrives.
    package let signal: Wake

    package init(signal: Wake) { self.signal = signal }

    package func append(_ action: DeferredAction) {
        queue.withLock { $0.append(action) }
        signal.wake()
    }

    /// Takes the waiting actions and writes their log lines to `logger` and each start's end to
    /// `history`; the exit code once one of them finishes the run (what follows it is dropped: the
    /// run is over).
    package func perform(logTo logger: Logger, history: (any StartRecorder)? = nil) -> Int32? {
        for action in take() {
            switch action {
            case .log(let level, let text): logger.log(level: Logger.Level(level), "\(text)")
            case .startEnded(let after, let failure, let quiet):
                history?.record(
                    StartHistory.Start(at: 0, duration: after, failure: failure, quiet: quiet), logger: logger)
            case .finish(let code): return code
            }
        }
        return nil
    }

    package func take() -> [DeferredAction] {
        signal.drain()
        return queue.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
    }
}
