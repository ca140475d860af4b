import Logging
import PunctualCore
import PunctualSystemd
import Synchronization

/// How one service manager hears the engine's reports. Implementations must not block.
public protocol ManagerConnection: Sendable {
    func send(_ report: StatusReport)
    func pingWatchdog()
}

/// systemd, through `$NOTIFY_SOCKET`.
public struct SystemdConnection: ManagerConnection {
    private let sender: NotifySender
    private let onError: @Sendable (String) -> Void

    public init(sender: NotifySender, onError: @escaping @Sendable (String) -> Void) {
        self.sender = sender
        self.onError = onError
    }

    public func send(_ report: StatusReport) { deliver(SystemdVocabulary.message(for: report)) }

    public func pingWatchdog() { deliver(SystemdVocabulary.watchdogPing) }

    /// The connection `systemd` asks for: systemd's when `NOTIFY_SOCKET` is set and usable, none otherwise.
    /// The first failure to send goes to `onFirstFailure`, which must not block: it is called while the
    /// engine's lock is held.
    public static func connect(
        to systemd: SystemdEnvironment, logger: Logger, onFirstFailure: @escaping @Sendable (String) -> Void
    ) -> any ManagerConnection {
        guard let socket = systemd.notifySocket else { return NoManagerConnection() }
        do {
            let sender = try NotifySender(address: try NotifySocketAddress(socket))
            let failed = Atomic(false)
            return SystemdConnection(sender: sender) { message in
                if !failed.exchange(true, ordering: .relaxed) { onFirstFailure(message) }
            }
        } catch {
            logger.warning("cannot use NOTIFY_SOCKET=\(socket) (\(error)); systemd will hear nothing")
            return NoManagerConnection()
        }
    }

    private func deliver(_ message: NotifyMessage) {
        do {
            try sender.send(message)
        } catch {
            onError("cannot notify systemd (\(error)); it will not hear: \(message)")
        }
    }
}

/// No manager is listening: a terminal, a container runtime, a plain shell.
public struct NoManagerConnection: ManagerConnection {
    public init() {}
    public func send(_ report: StatusReport) {}
    public func pingWatchdog() {}
}
