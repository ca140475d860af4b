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
}
