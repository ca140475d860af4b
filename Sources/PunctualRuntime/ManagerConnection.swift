import PunctualCore

/// How one service manager hears the engine's reports. Implementations must not block.
public protocol ManagerConnection: Sendable {
    func send(_ report: StatusReport)
    func pingWatchdog()
    /// Tells the manager's watchdog at once that the service has failed.
    func triggerWatchdog()
}

/// No manager is listening: a terminal, a container runtime, a plain shell.
public struct NoManagerConnection: ManagerConnection {
    public init() {}
    public func send(_ report: StatusReport) {}
    public func pingWatchdog() {}
    public func triggerWatchdog() {}
}
