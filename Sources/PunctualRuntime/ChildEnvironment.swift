#if !os(Windows)
    import PunctualCore
    import PunctualSystem
    import PunctualSystemd

    /// The environment the child starts with.
    enum ChildEnvironment {
        /// Punctual's own environment without the variables that speak for punctual alone, plus the
        /// child's own `NOTIFY_SOCKET` when punctual listens to it, and `WATCHDOG_USEC` when the child
        /// feeds the watchdog (its `WATCHDOG_PID` is set as it starts).
        static func make(notifySocket: String?, watchdog: Duration?) -> [String] {
            let forPunctualOnly =
                SystemdEnvironment.variablesForThisProcessOnly + [
                    SCMEmulatorEnvironment.socket, SCMEmulatorEnvironment.serviceName, SCMEmulatorEnvironment.strategy,
                ]
            let dropped = forPunctualOnly.map { $0 + "=" }
            var environment = currentEnvironment().filter { entry in !dropped.contains { entry.hasPrefix($0) } }
            if let notifySocket { environment.append("NOTIFY_SOCKET=\(notifySocket)") }
            if let watchdog { environment.append("WATCHDOG_USEC=\(watchdog.microseconds)") }
            return environment
        }
    }
#endif
