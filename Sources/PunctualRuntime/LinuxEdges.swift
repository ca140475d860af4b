#if !os(Windows)
    import PunctualCore
    import PunctualProbes
    import PunctualSupervisor
    import PunctualSystem
    import Synchronization

    extension DeferredActions where Wake == WakeSignal {
        /// Deferred actions whose arrival makes an eventfd readable, for a poll loop.
        package convenience init() throws(SystemError) { self.init(signal: try WakeSignal()) }
    }

    extension EngineDriver {
        /// A driver whose deadline changes wake an eventfd, handing its deferred actions to `deferred`.
        package convenience init(
            engine: LifecycleEngine, manager: any ManagerConnection, workload: (any Workload)?,
            stopProbing: @escaping @Sendable () -> Void, startLivenessChecks: @escaping @Sendable () -> Void = {},
            deferred: DeferredActions<WakeSignal>, listeners: [any LifecycleListener] = []
        ) throws(SystemError) {
            self.init(
                engine: engine, manager: manager, workload: workload, stopProbing: stopProbing,
                startLivenessChecks: startLivenessChecks, deferAction: { deferred.append($0) },
                deadlineChanged: try WakeSignal(), listeners: listeners)
        }
    }

    extension HeartbeatThread {
        /// The heartbeat on a POSIX thread.
        package static func start(driver: EngineDriver) throws {
            try start(driver: driver) { name, body throws(SystemError) in try OSThread.start(name: name, body) }
        }
    }

    extension RegistryPublisher {
        /// The registration on a POSIX thread, `driver` saying when the lifecycle last showed life.
        package func start(driver: EngineDriver) throws {
            try start(
                evidence: { driver.evidenceOfLife() },
                on: { name, body throws(SystemError) in try OSThread.start(name: name, body) })
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

    extension StartWatchers {
        /// A job that samples the CPU time and storage I/O of the tree under `root`, any byte of
        /// storage I/O counting.
        static func progressSampler(root: Int32, period: Duration, post: @escaping @Sendable (EngineEvent) -> Void)
            -> PollingThread.Job
        {
            progressSampler(period: period, rule: ResourceProgress(), post: post) { ProcessTree.usage(under: root) }
        }
    }
#endif
