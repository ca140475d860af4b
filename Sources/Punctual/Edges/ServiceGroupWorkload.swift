import Logging
import PunctualCore
import PunctualRuntime
import ServiceLifecycle
import Synchronization

/// The engine's view of the service group: a stop signal is a graceful shutdown (after the shutdown
/// delay), a kill is cancellation.
final class ServiceGroupWorkload: Workload {
    private let group: ServiceGroup
    private let delay: Duration
    private let logger: Logger
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let cancelled = Atomic(false)

    init(group: ServiceGroup, delay: Duration, logger: Logger) {
        self.group = group
        self.delay = delay
        self.logger = logger
    }

    /// The tasks a kill cancels: the group's run and the phases.
    func attach(_ tasks: [Task<Void, Never>]) { self.tasks.withLock { $0 = tasks } }

    /// Whether the group had to be cancelled (the stop took longer than its limit).
    var wasCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func send(_ signal: Signal, to target: SignalTarget) {
        guard target == .processGroup else { return }
        let (group, delay, logger) = (group, delay, logger)
        Task {
            if delay > .zero {
                logger.info("/readyz fails from now; the graceful shutdown begins in \(delay.humanReadable)")
                try? await Task.sleep(for: delay)
            }
            await group.triggerGracefulShutdown()
        }
    }

    func killTree() {
        cancelled.store(true, ordering: .releasing)
        tasks.withLock { for task in $0 { task.cancel() } }
    }
}
