import PunctualCore

/// What one attempt of a probe saw.
package struct ProbeResult: Sendable, Equatable {
    package let passed: Bool
    /// A few words: `connected`, `connection refused`, `HTTP 503`, `exit 1`.
    package let detail: String
    /// The probe's own settings are wrong (a refused login, a missing password file): waiting will
    /// not help, and the user should hear it at once.
    package let misconfigured: Bool

    package init(passed: Bool, detail: String, misconfigured: Bool = false) {
        self.passed = passed
        self.detail = detail
        self.misconfigured = misconfigured
    }
}

/// A readiness check that punctual asks, again and again, until it passes.
package protocol PolledProbe: Sendable {
    /// Asks once, within about `timeout` (resolving a host name is not bounded by it; an exec probe that
    /// overruns is killed and waited for up to a second more).
    func check(timeout: Duration) -> ProbeResult
}
