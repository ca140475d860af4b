extension LifecycleEngine {
    /// A liveness check ran. Watchdog pings after ready are withheld while any check fails; the log
    /// says when a check starts and stops failing, with the reason.
    mutating func livenessChecked(_ name: String, failure: String?) -> [EngineAction] {
        guard liveness.record(name, failure: failure) else { return [] }
        guard let failure else { return [.log(.notice, "liveness check '\(name)' passes again")] }
        let withheld = configuration.watchdogInterval == nil ? "" : "; watchdog pings withheld while it fails"
        return [.log(.warning, "liveness check '\(name)' failed: \(failure)\(withheld)")]
    }

    /// A fatal check failed: the manager hears it at once and the service stops, exiting 1.
    mutating func livenessFatal(_ name: String, reason: String, at now: ContinuousClock.Instant) -> [EngineAction] {
        _ = liveness.record(name, failure: reason)
        let failure = Failure.livenessFailed(name: name, reason: reason)
        switch phase {
        case .starting: return [.watchdogTrigger] + failStart(failure, at: now)
        case .ready: return [.watchdogTrigger] + failRunning(failure, at: now)
        default: return []
        }
    }

    /// What each health endpoint's checks say now.
    ///
    /// `startupz` lists what the start waits for, all passing once the service has been ready;
    /// `readyz` lists the same, passing only while ready, plus `shutdown`, which fails from the
    /// moment a stop begins; `livez` lists `ping` and the liveness checks.
    public func health(_ endpoint: HealthEndpoint) -> [HealthCheckResult] {
        switch endpoint {
        case .startupz:
            return probes.map { HealthCheckResult(name: $0.spec.description, passed: $0.passed || readyAt != nil) }
        case .readyz:
            return probes.map { HealthCheckResult(name: $0.spec.description, passed: $0.passed) }
                + [
                    HealthCheckResult(
                        name: HealthCheckResult.shutdownName, passed: phase == .ready || phase == .starting)
                ]
        case .livez:
            return [HealthCheckResult(name: HealthCheckResult.pingName, passed: true)]
                + liveness.checks.map { HealthCheckResult(name: $0.name, passed: $0.failure == nil) }
        }
    }
}
