import PunctualCore

/// What one attempt of a probe saw.
public struct ProbeResult: Sendable, Equatable {
    public let passed: Bool
    /// A few words: `connected`, `connection refused`, `HTTP 503`, `exit 1`.
    public let detail: String

    public init(passed: Bool, detail: String) {
        self.passed = passed
        self.detail = detail
    }
}

/// A readiness check that punctual asks, again and again, until it passes.
public protocol PolledProbe: Sendable {
    /// Asks once, within about `timeout` (resolving a host name is not bounded by it; an exec probe that
    /// overruns is killed and waited for up to a second more).
    func check(timeout: Duration) -> ProbeResult
}
