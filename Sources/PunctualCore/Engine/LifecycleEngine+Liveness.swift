extension LifecycleEngine {
    /// A liveness check ran. Watchdog pings after ready are withheld while any check fails; the log
    /// says when a check starts and stops failing, with the reason. With a failure threshold, a check
    /// that fails that many times in a row makes a ready service unhealthy.
    mutating func livenessChecked(_ name: String, failure: String?, at now: ContinuousClock.Instant)
        -> [EngineAction]
    {
        // Once a stop has begun, what the checks find no longer matters.
        guard phase == .starting || phase == .ready else { return [] }
        var actions: [EngineAction] = []
        if liveness.record(name, failure: failure) {
            if let failure {
                let withheld = configuration.watchdogInterval != nil
                actions.append(.log(.warning, .checkFailing(name: name, reason: failure, pingsWithheld: withheld)))
            } else {
                actions.append(.log(.notice, .checkPassesAgain(name: name)))
            }
        }
        if let failure, phase == .ready, let threshold = configuration.livenessFailureThreshold,
            let count = liveness[name]?.consecutiveFailures, count >= threshold
        {
            actions += unhealthy(.livenessFailed(name: name, reason: failure, inARow: count), at: now)
        }
        return actions
    }

    /// The child's main process was looked at: a stopped or unreaped process withholds watchdog pings at
    /// once; in a round of checks (`counts`), once ready, it is a failure of the liveness check `process`.
    mutating func workloadSampled(_ condition: WorkloadCondition, counts: Bool, at now: ContinuousClock.Instant)
        -> [EngineAction]
    {
        workloadCondition = condition
        guard counts, phase == .ready else { return [] }
        return livenessChecked(WorkloadCondition.checkName, failure: condition.failure, at: now)
    }

    /// The child sent `WATCHDOG=1`: from then on it feeds the watchdog itself once ready, each ping relayed
    /// if punctual's own checks agree that it is alive. Before ready punctual's timer still feeds it.
    mutating func childPingedWatchdog(at now: ContinuousClock.Instant) -> [EngineAction] {
        guard configuration.childFeedsWatchdog, let interval = configuration.watchdogInterval else { return [] }
        childPingedOnce = true
        guard case .ready = state else { return [] }
        state = .ready(.init(childWatchdogDeadline: now + interval))
        return watchdogPingIfAlive()
    }

    /// Whether, after ready, the child's own pings feed the watchdog: it was given the watchdog and has
    /// used it. A notify program that never pings is fed by punctual's timer, as before it was ready.
    var childFeedsWatchdog: Bool { configuration.childFeedsWatchdog && childPingedOnce }

    /// Whether a tick at `now` would send `WATCHDOG=1` from punctual's own timer: the moment to look at
    /// the process first.
    package func watchdogPingDue(at now: ContinuousClock.Instant) -> Bool {
        guard let due = nextWatchdogAt, now >= due else { return false }
        return !(phase == .ready && childFeedsWatchdog)
    }

    /// `WATCHDOG=1`, unless the process is stopped or gone, or (once ready) a liveness check fails.
    mutating func watchdogPingIfAlive() -> [EngineAction] {
        guard workloadCondition == .running, phase != .ready || liveness.allPassing else {
            watchdogPingsWithheld += 1
            return []
        }
        watchdogPingsSent += 1
        return [.watchdogPing]
    }

    /// Records the verdict's check as failed, so that `/livez` shows it, and returns the verdict.
    mutating func judged(_ verdict: LifecycleFailure) -> LifecycleFailure {
        switch verdict {
        case .livenessFailed(let name, let reason, _): liveness.record(name, failure: reason)
        case .watchdog(let why): liveness.record(WatchdogVerdict.checkName, failure: "\(why)")
        default: break
        }
        return verdict
    }

    /// A fatal check failed: the manager hears it at once and the service stops, exiting 125.
    mutating func livenessFatal(_ verdict: LifecycleFailure, at now: ContinuousClock.Instant) -> [EngineAction] {
        let failure = judged(verdict)
        switch state {
        case .starting: return watchdogTrigger + failStart(failure, at: now)
        case .ready: return unhealthy(failure, at: now)
        default: return []
        }
    }

    /// The ready service is judged unhealthy: `WATCHDOG=trigger` where a watchdog listens, then the
    /// orderly stop.
    mutating func unhealthy(_ failure: LifecycleFailure, at now: ContinuousClock.Instant) -> [EngineAction] {
        watchdogTrigger + failRunning(failure, at: now)
    }

    private var watchdogTrigger: [EngineAction] {
        configuration.watchdogInterval == nil ? [] : [.watchdogTrigger]
    }

    /// What each health endpoint's checks say now.
    ///
    /// `startupz` lists what the start waits for, all passing once the service has been ready;
    /// `readyz` lists the same, passing only while ready, plus `shutdown`, which fails from the
    /// moment a stop begins; `livez` lists `ping`, which fails once punctual has judged the start hung
    /// or the service unhealthy, and the liveness checks, each failing while it fails (with a failure
    /// threshold: once it has failed that many times in a row).
    package func health(_ endpoint: HealthEndpoint) -> [HealthCheckResult] {
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
            // With a failure threshold a check fails `livez` only once it has made the verdict, so a
            // probe of `livez` never restarts a program sooner than punctual would.
            let threshold = configuration.livenessFailureThreshold ?? 1
            let judged = failure != nil && failure != .stopTimedOut
            return [HealthCheckResult(name: HealthCheckResult.pingName, passed: !judged)]
                + liveness.checks.map {
                    HealthCheckResult(name: $0.name, passed: $0.failure == nil || $0.consecutiveFailures < threshold)
                }
        }
    }
}
