import PunctualCore
import PunctualSupervisor
import PunctualSystem
import Synchronization

/// Owns the engine and feeds it events from every thread.
///
/// Actions that talk to the manager or the child are performed at once, under the engine's lock,
/// so they go out in the order decided and are never held up by a log write; the rest go to the
/// control loop.
final class EngineDriver: Sendable {
    private let engine: Mutex<LifecycleEngine>
    private let manager: any ManagerConnection
    private let child: SupervisedChild?
    private let stopProbing: @Sendable () -> Void
    private let deferred: DeferredActions
    /// Woken whenever the engine's next deadline moves.
    let deadlineChanged: WakeSignal

    init(
        engine: LifecycleEngine, manager: any ManagerConnection, child: SupervisedChild?,
        stopProbing: @escaping @Sendable () -> Void, deferred: DeferredActions
    ) throws(SystemError) {
        self.engine = Mutex(engine)
        self.manager = manager
        self.child = child
        self.stopProbing = stopProbing
        self.deferred = deferred
        self.deadlineChanged = try WakeSignal()
    }

    func post(_ event: EngineEvent) {
        engine.withLock { engine in
            let before = engine.nextDeadline
            for action in engine.handle(event, at: .now) {
                switch action {
                case .report(let report): manager.send(report)
                case .watchdogPing: manager.pingWatchdog()
                case .signal(let signal, let target): child?.send(signal, to: target)
                case .killTree: child?.killTree()
                case .stopProbing: stopProbing()
                case .log, .finish: deferred.append(action)
                }
            }
            if engine.nextDeadline != before { deadlineChanged.wake() }
        }
    }

    /// Reads the engine under its lock.
    func read<Result: Sendable>(_ body: (borrowing LifecycleEngine) -> Result) -> Result {
        engine.withLock { body($0) }
    }
}
