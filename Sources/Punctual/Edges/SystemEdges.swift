import Logging
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
    /// Makes the registry's publisher and what starts it; nil where the system has no registry yet.
    let makeRegistry: (@Sendable (PunctualServiceGroup.Registry, Logger) throws -> RegistryEdge)?

    package init(
        manager: any ManagerConnection, watchdogInterval: Duration?,
        deferAction: @escaping @Sendable (DeferredAction) -> Void,
        makeWakeup: @escaping @Sendable () throws -> any Wakeup,
        startHeartbeat: @escaping @Sendable (EngineDriver) throws -> Void,
        startControl: @escaping @Sendable (ControlThread) throws -> Void, clock: LifecycleClock = .continuous,
        makeRegistry: (@Sendable (PunctualServiceGroup.Registry, Logger) throws -> RegistryEdge)? = nil
    ) {
        self.manager = manager
        self.watchdogInterval = watchdogInterval
        self.deferAction = deferAction
        self.makeWakeup = makeWakeup
        self.startHeartbeat = startHeartbeat
        self.startControl = startControl
        self.clock = clock
        self.makeRegistry = makeRegistry
    }
}

/// A registry's publisher, made before the engine's driver (which tells it each change) and started
/// after it (which it asks for evidence of life).
package struct RegistryEdge: Sendable {
    let publisher: RegistryPublisher
    let start: @Sendable (EngineDriver) throws -> Void
}
