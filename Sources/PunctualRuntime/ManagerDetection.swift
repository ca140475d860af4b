#if !os(Windows)
    import Logging
    import PunctualCore
    import PunctualSCM
    import PunctualSystem
    import PunctualSystemd
    import Synchronization

    /// systemd, through `$NOTIFY_SOCKET`.
    package struct SystemdConnection: ManagerConnection {
        private let sender: NotifySender
        private let onError: @Sendable (String) -> Void

        package init(sender: NotifySender, onError: @escaping @Sendable (String) -> Void) {
            self.sender = sender
            self.onError = onError
        }

        package func send(_ report: StatusReport) { deliver(SystemdVocabulary.message(for: report)) }

        package func pingWatchdog() { deliver(SystemdVocabulary.watchdogPing) }

        package func triggerWatchdog() { deliver(SystemdVocabulary.watchdogTrigger) }

        private func deliver(_ message: NotifyMessage) {
            do {
                try sender.send(message)
            } catch {
                onError("cannot notify systemd (\(error)); it will not hear: \(message)")
            }
        }
    }

    /// Finds out which manager started punctual and connects to it, at once.
    package enum ManagerConnections {
        package static func detect(
            systemd: SystemdEnvironment, inbox: ControlInbox, logger: Logger,
            onFailure: @escaping @Sendable (String) -> Void
        ) -> any ManagerConnection {
            if let socket = environmentValue(SCMEmulatorEnvironment.socket) {
                let strategyText =
                    environmentValue(SCMEmulatorEnvironment.strategy) ?? SCMStartStrategy.pending.rawValue
                let strategy = SCMStartStrategy(rawValue: strategyText) ?? .pending
                let name = environmentValue(SCMEmulatorEnvironment.serviceName) ?? "punctual"
                do {
                    return try SCMConnection.connect(
                        EmulatedSCMConnection(socketPath: socket), serviceName: name, strategy: strategy, inbox: inbox,
                        onFailure: onFailure)
                } catch {
                    logger.error("cannot connect to the SCM at \(socket): \(error)")
                    return NoManagerConnection()
                }
            }
            guard let socket = systemd.notifySocket else { return NoManagerConnection() }
            do {
                let sender = try NotifySender(address: try NotifySocketAddress(socket))
                let failed = Atomic(false)
                return SystemdConnection(sender: sender) { message in
                    if !failed.exchange(true, ordering: .relaxed) { onFailure(message) }
                }
            } catch {
                logger.warning("cannot use NOTIFY_SOCKET=\(socket) (\(error)); systemd will hear nothing")
                return NoManagerConnection()
            }
        }
    }
#endif
