/// One report the service made to its manager, as systemd or the Windows SCM would have heard it.
public struct ManagerMessage: Sendable, Equatable, CustomStringConvertible {
    /// The state the service reported.
    public enum State: Sendable, Equatable {
        /// Still starting (systemd before `READY=1`, the SCM's `START_PENDING`).
        case starting
        /// Ready for work (`READY=1`, `RUNNING`).
        case ready
        /// Stopping (`STOPPING=1`, `STOP_PENDING`).
        case stopping
        /// Stopped, with the exit code the process would end with.
        case stopped(exitCode: Int32)
    }

    /// When, in the test's virtual time since the run began.
    public let at: Duration
    /// The state reported.
    public let state: State
    /// The status line (`STATUS=`).
    public let status: String
    /// The extension the report asked for (`EXTEND_TIMEOUT_USEC`, the SCM's wait hint), if any.
    public let extendedBy: Duration?

    public var description: String {
        "\(at): \(state)\(extendedBy.map { " +\($0)" } ?? "") \(status)"
    }
}
