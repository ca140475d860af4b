/// Where a supervised service is in its life.
package enum LifecyclePhase: Sendable, Equatable {
    /// Nothing started yet.
    case idle
    /// The child runs; readiness is awaited.
    case starting
    /// Every probe passed.
    case ready
    /// The child is being stopped, on request or because its start failed.
    case stopping
    /// The child ended as expected (a requested stop, or a clean exit).
    case stopped(exitCode: Int32)
    /// The start failed, or the child ended unexpectedly or had to be killed.
    case failed(exitCode: Int32)

    /// Whether punctual is done with the child.
    package var isFinished: Bool {
        switch self {
        case .stopped, .failed: true
        default: false
        }
    }
}
