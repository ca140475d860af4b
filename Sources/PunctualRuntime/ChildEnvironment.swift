#if !os(Windows)
    import PunctualCore
    import PunctualSystem
    import PunctualSystemd

    /// The environment the child starts with.
    enum ChildEnvironment {
        /// Punctual's own environment without the variables that speak for punctual alone, plus the
        /// child's own `NOTIFY_SOCKET` when punctual listens to it, `WATCHDOG_USEC` when the child
        /// feeds the watchdog (its `WATCHDOG_PID` is set as it starts), and `LISTEN_FDS` with
        /// `LISTEN_FDNAMES` when systemd passed sockets, which go on to the child (its `LISTEN_PID` is
        /// set as it starts).
        static func make(notifySocket: String?, watchdog: Duration?, systemd: SystemdEnvironment) -> [String] {
            let forPunctualOnly =
                SystemdEnvironment.variablesForThisProcessOnly + [
                    SCMEmulatorEnvironment.socket, SCMEmulatorEnvironment.serviceName, SCMEmulatorEnvironment.strategy,
                ]
            let dropped = forPunctualOnly.map { $0 + "=" }
            var environment = currentEnvironment().filter { entry in !dropped.contains { entry.hasPrefix($0) } }
            if let notifySocket { environment.append("NOTIFY_SOCKET=\(notifySocket)") }
            if let watchdog { environment.append("WATCHDOG_USEC=\(watchdog.microseconds)") }
            if systemd.passedSockets > 0 {
                environment.append("LISTEN_FDS=\(systemd.passedSockets)")
                if let names = systemd.passedSocketNames { environment.append("LISTEN_FDNAMES=\(names)") }
            }
            return environment
        }
    }
#endif
