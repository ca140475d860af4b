import PunctualCore
import PunctualSupervisor
import PunctualSystem

extension WakeSignal: Wakeup {
    @discardableResult
    package func sleep(_ timeout: Duration?) -> Bool { Poller.sleep(timeout, unless: self) }
}

extension DeferredActions where Wake == WakeSignal {
    /// Deferred actions whose arrival makes an eventfd readable, for a poll loop.
    package convenience init() throws(SystemError) { self.init(signal: try WakeSignal()) }
}

extension EngineDriver {
    /// A driver whose deadline changes wake an eventfd, handing its deferred actions to `deferred`.
    package convenience init(
        engine: LifecycleEngine, manager: any ManagerConnection, workload: (any Workload)?,
        stopProbing: @escaping @Sendable () -> Void, deferred: DeferredActions<WakeSignal>
    ) throws(SystemError) {
        self.init(
            engine: engine, manager: manager, workload: workload, stopProbing: stopProbing,
            deferAction: { deferred.append($0) }, deadlineChanged: try WakeSignal())
    }
}

extension HeartbeatThread {
    /// The heartbeat on a POSIX thread.
    package static func start(driver: EngineDriver) throws {
        try start(driver: driver) { name, body throws(SystemError) in try OSThread.start(name: name, body) }
    }
}

extension OutputWatchers {
    /// Relays the child's pipes to `sink` on a POSIX thread, showing each chunk to the run's watchers.
    static func relay(
        pipes: (stdout: Int32, stderr: Int32), sink: any OutputSink, configuration: EngineConfiguration,
        post: @escaping @Sendable (EngineEvent) -> Void
    ) throws(SystemError) -> OutputRelay {
        let observe = observer(configuration: configuration, post: post)
        return try OutputRelay(pipes: pipes, sink: sink) { stream, bytes in observe?(stream, bytes) }
    }
}
