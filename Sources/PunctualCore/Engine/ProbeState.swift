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
