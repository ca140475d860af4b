#if !os(Windows)
    import Glibc
    import Logging
    import PunctualCore
    import PunctualRuntime
    import PunctualSystem
    import PunctualSystemd

    extension SystemEdges {
        /// systemd, punctual's emulators or a terminal; SIGTERM and SIGINT ask for the stop.
        static func connect(inbox: ControlInbox, logger: Logger) throws -> SystemEdges {
            let systemd = SystemdEnvironment.current()
            let signals = try SignalChannel([.terminate, .interrupt])
            let deferred = try DeferredActions<WakeSignal>()
            let manager = ManagerConnections.detect(systemd: systemd, inbox: inbox, logger: logger) {
                deferred.append(.log(.warning, $0))
            }
            return SystemEdges(
                manager: manager, watchdogInterval: systemd.watchdogInterval, deferAction: { deferred.append($0) },
                makeWakeup: { try WakeSignal() },
                startHeartbeat: { driver in try HeartbeatThread.start(driver: driver) },
                startControl: { work in
                    try OSThread.start(name: "punctual-control") {
                        while true {
                            let readable = Poller.waitReadable(
                                [signals.fd, deferred.signal.fd], timeout: ControlThread.beat)
                            work.pulse.beat(at: .now)
                            if readable.contains(signals.fd) {
                                while let signal = signals.next() { work.driver.post(.stopRequested(signal)) }
                            }
                            guard readable.contains(deferred.signal.fd) else { continue }
                            if let code = deferred.perform(logTo: work.logger) {
                                work.finish(
                                    code, pause: { _ = Poller.waitReadable([], timeout: $0) },
                                    letGo: { signals.close() })
                                return
                            }
                        }
                    }
                },
                makeRegistry: { registry, logger in
                    let target = try RegistryTarget.parse(registry.url)
                    let publisher = RegistryPublisher(
                        .init(
                            target: target, instance: registry.instance ?? HostName.withProcess(), ttl: registry.ttl,
                            address: registry.address),
                        wake: try WakeSignal(), finished: try WakeSignal(), logger: logger,
                        wallSeconds: { Int64(time(nil)) })
                    return RegistryEdge(publisher: publisher) { driver in try publisher.start(driver: driver) }
                })
        }
    }
#endif
