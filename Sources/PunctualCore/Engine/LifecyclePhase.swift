/// Where a supervised service is in its life.
public enum LifecyclePhase: Sendable, Equatable {
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
    public var isFinished: Bool {
        switch self {
        case .stopped, .failed: true
        default: false
        }
    }
}

/// What one probe last said.
public struct ProbeState: Sendable, Equatable {
    public let spec: ProbeSpec
    public var passed: Bool
    public var detail: String?

    public init(spec: ProbeSpec) {
        self.spec = spec
        self.passed = false
        self.detail = nil
    }

    /// `tcp:127.0.0.1:8080 (connection refused)`.
    public var summary: String { detail.map { "\(spec) (\($0))" } ?? "\(spec)" }
}
