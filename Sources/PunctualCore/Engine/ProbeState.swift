/// What one probe last said.
package struct ProbeState: Sendable, Equatable {
    package let spec: ProbeSpec
    package var passed: Bool
    package var detail: String?

    package init(spec: ProbeSpec) {
        self.spec = spec
        self.passed = false
        self.detail = nil
    }

    /// `tcp:127.0.0.1:8080 (connection refused)`.
    package var summary: String { detail.map { "\(spec) (\($0))" } ?? "\(spec)" }
}
