/// The exit codes punctual itself chooses; otherwise it exits as its child did.
package enum ExitCodes {
    /// The start exceeded `--startup-budget` or made no progress for `--progress-timeout` (as timeout(1)).
    package static let timeout: Int32 = 124
    /// The service was judged unhealthy and stopped: a liveness check failed too often in a row (the
    /// process found stopped included), it went silent on the watchdog or triggered it, or the
    /// manager's watchdog fired (timeout(1) uses 125 for its own failures too).
    package static let unhealthy: Int32 = 125
    /// A mistake on the command line (EX_USAGE).
    package static let usage: Int32 = 64
    /// Punctual itself failed: it lost its keeper process, or could not set up (EX_SOFTWARE).
    package static let internalError: Int32 = 70
    /// The command exists but cannot be executed.
    package static let notExecutable: Int32 = 126
    /// The command was not found.
    package static let notFound: Int32 = 127
}
