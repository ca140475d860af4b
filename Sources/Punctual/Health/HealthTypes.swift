import PunctualCore

/// The health endpoints: `livez`, `readyz`, `startupz`.
public typealias HealthEndpoint = PunctualCore.HealthEndpoint
/// What a health endpoint answers: status code and body.
public typealias HealthResponse = PunctualCore.HealthResponse
/// One named check behind an endpoint.
public typealias HealthCheckResult = PunctualCore.HealthCheckResult
