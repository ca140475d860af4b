import PunctualCore

/// How one service manager hears the engine's reports. Implementations must not block.
package protocol ManagerConnection: Sendable {
    func send(_ report: StatusReport)
    func pingWatchdog()
    /// Tells the manager's watchdog at once that the service has failed.
    func triggerWatchdog()
}

/// No manager is listening: a terminal, a container runtime, a plain shell.
package struct NoManagerConnection: ManagerConnection {
    package init() {}
    package func send(_ report: StatusReport) {}
    package func pingWatchdog() {}
    package func triggerWatchdog() {}
}
