/// One named check behind an endpoint, as it stands now.
public struct HealthCheckResult: Sendable, Equatable {
    /// The check's name, as `?verbose` lists it and `?exclude=` names it.
    public let name: String
    /// Whether it passes now.
    public let passed: Bool

    /// A check named `name` that passes or not.
    public init(name: String, passed: Bool) {
        self.name = name
        self.passed = passed
    }

    /// `livez`'s own check: the process answers at all.
    package static let pingName = "ping"
    /// `readyz`'s own check: it fails from the moment a stop begins.
    package static let shutdownName = "shutdown"
}
