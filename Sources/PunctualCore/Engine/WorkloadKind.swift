/// What the engine supervises, which decides how its log lines name it and its stop.
package enum WorkloadKind: Sendable, Equatable {
    /// A program punctual started: stopped by a signal, killed with SIGKILL to its tree.
    case childProcess
    /// Services in punctual's own process: stopped by a graceful shutdown, killed by cancellation.
    case serviceGroup
    /// A program punctual started on Windows: stopped by CTRL_BREAK to its process group, killed by
    /// ending its Job object.
    case windowsProcess
}
