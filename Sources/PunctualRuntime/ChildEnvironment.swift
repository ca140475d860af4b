#if !os(Windows)
    import PunctualCore
    import PunctualSystem
    import PunctualSystemd

    /// The environment the child starts with.
    enum ChildEnvironment {
        /// Punctual's own environment without the variables that speak for punctual alone, plus the
        /// child's own `NOTIFY_SOCKET` when punctual listens to it.
        static func make(notifySocket: String?) -> [String] {
            let forPunctualOnly =
                SystemdEnvironment.variablesForThisProcessOnly + [
                    SCMEmulatorEnvironment.socket, SCMEmulatorEnvironment.serviceName, SCMEmulatorEnvironment.strategy,
                ]
            let dropped = forPunctualOnly.map { $0 + "=" }
            var environment = currentEnvironment().filter { entry in !dropped.contains { entry.hasPrefix($0) } }
            if let notifySocket { environment.append("NOTIFY_SOCKET=\(notifySocket)") }
            return environment
        }
    }
#endif
