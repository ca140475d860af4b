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

/// Builds the probe that checks `spec`; nil for the kinds that are told, not asked (log, notify).
public func makePolledProbe(_ spec: ProbeSpec, environment: [String]) -> (any PolledProbe)? {
    switch spec {
    case .tcp(let endpoint): TCPProbe(endpoint: endpoint)
    case .http(let target): HTTPProbe(target: target)
    case .exec(let command): ExecProbe(command: command, environment: environment)
    case .file(let path): FileProbe(path: path)
    case .log, .notify, .condition: nil
    }
}
