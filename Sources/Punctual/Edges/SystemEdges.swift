import PunctualCore
import PunctualRuntime

/// What the group takes from the system it runs on: the manager, a wake-up and threads for the
/// engine, and the control thread: the library's composition root. Linux and Windows each fill it in
/// `SystemEdges.connect`; `PunctualTestKit` fills it with a fake manager on a virtual clock.
package struct SystemEdges: Sendable {
    /// Where the engine's reports go.
    let manager: any ManagerConnection
    /// The manager's watchdog interval, where it has one.
    let watchdogInterval: Duration?
    /// Hands the engine's slow actions to the control thread.
    let deferAction: @Sendable (DeferredAction) -> Void
    /// A fresh wake-up for the engine's deadline changes.
    let makeWakeup: @Sendable () throws -> any Wakeup
    /// Starts ticking the engine at each of its deadlines.
    let startHeartbeat: @Sendable (EngineDriver) throws -> Void
    /// Starts the control thread over `work`.
    let startControl: @Sendable (ControlThread) throws -> Void
    /// Where the run's time comes from.
    let clock: LifecycleClock

    package init(
        manager: any ManagerConnection, watchdogInterval: Duration?,
        deferAction: @escaping @Sendable (DeferredAction) -> Void,
        makeWakeup: @escaping @Sendable () throws -> any Wakeup,
        startHeartbeat: @escaping @Sendable (EngineDriver) throws -> Void,
        startControl: @escaping @Sendable (ControlThread) throws -> Void, clock: LifecycleClock = .continuous
    ) {
        self.manager = manager
        self.watchdogInterval = watchdogInterval
        self.deferAction = deferAction
        self.makeWakeup = makeWakeup
        self.startHeartbeat = startHeartbeat
        self.startControl = startControl
        self.clock = clock
    }
}
