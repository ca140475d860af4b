import PunctualCore
import PunctualRuntime

/// What the group takes from the system it runs on: the manager, a wake-up and threads for the
/// engine, and the control thread. Linux and Windows each fill it in `SystemEdges.connect`.
struct SystemEdges: Sendable {
    /// Where the engine's reports go.
    let manager: any ManagerConnection
    /// The manager's watchdog interval, where it has one.
    let watchdogInterval: Duration?
    /// Hands the engine's slow actions to the control thread.
    let deferAction: @Sendable (DeferredAction) -> Void
    /// A fresh wake-up for the engine's deadline changes.
    let makeWakeup: @Sendable () throws -> any Wakeup
    /// Starts a thread of the system's.
    let startThread: ThreadStarter
    /// This process.
    let processID: Int32
    /// Starts the control thread over `work`.
    let startControl: @Sendable (ControlThread) throws -> Void
}
