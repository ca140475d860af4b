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
    private let clock: LifecycleClock
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let cancelled = Atomic(false)
    private let shutdownTriggered = Atomic(false)

    init(group: ServiceGroup, delay: Duration, logger: Logger, clock: LifecycleClock) {
        self.group = group
        self.delay = delay
        self.logger = logger
        self.clock = clock
    }

    /// The tasks a kill cancels: the group's run and the phases.
    func attach(_ tasks: [Task<Void, Never>]) { self.tasks.withLock { $0 = tasks } }

    /// Whether the group had to be cancelled (the stop took longer than its limit).
    var wasCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Starts the graceful shutdown, once, however many stop signals come. Called under the engine's
    /// lock: it only creates a task.
    func send(_ signal: Signal, to target: SignalTarget) {
        guard target == .processGroup,
            !shutdownTriggered.exchange(true, ordering: .acquiringAndReleasing)
        else { return }
        let (group, delay, logger, clock) = (group, delay, logger, clock)
        Task {
            if delay > .zero {
                logger.info("/readyz fails from now; the graceful shutdown begins in \(delay.humanReadable)")
                try? await clock.sleep(delay)
            }
            await group.triggerGracefulShutdown()
        }
    }

    /// Cancels the group and the phases. Called under the engine's lock, so the cancelling happens in
    /// a task of its own: a cancellation handler that asks the group something must not deadlock.
    func killTree() {
        cancelled.store(true, ordering: .releasing)
        let tasks = tasks.withLock { $0 }
        Task { for task in tasks { task.cancel() } }
    }
}
