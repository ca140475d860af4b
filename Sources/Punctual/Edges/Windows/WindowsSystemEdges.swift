#if os(Windows)
    import Logging
    import PunctualCore
    import PunctualRuntime

    extension SystemEdges {
        /// The SCM when it started the process, else a console, whose Ctrl+C, Ctrl+Break and closing
        /// ask for the stop; the SCM's STOP, SHUTDOWN and PRESHUTDOWN come through `inbox`.
        static func connect(inbox: ControlInbox, logger: Logger) throws -> SystemEdges {
            let deferred = DeferredActions(signal: try WindowsEvent())
            let windows = WindowsManager.connect(inbox: inbox) { deferred.append(.log(.warning, $0)) }
            return SystemEdges(
                manager: windows.connection, watchdogInterval: nil, deferAction: { deferred.append($0) },
                makeWakeup: { try WindowsEvent() },
                startHeartbeat: { driver in try HeartbeatThread.start(driver: driver, on: WindowsThreads.start) },
                startControl: { work in
                    let timer = try WindowsEvent()
                    try WindowsThreads.start("punctual-control") {
                        while true {
                            let woken = deferred.signal.sleep(ControlThread.beat)
                            work.pulse.beat(at: .now)
                            guard woken else { continue }
                            if let code = deferred.perform(logTo: work.logger) {
                                work.finish(
                                    code, pause: { timer.sleep($0) }, letGo: { WindowsManager.stopListeningToConsole() }
                                )
                                return
                            }
                        }
                    }
                })
        }
    }
#endif
