import PunctualCore

/// Everything `punctual run` was asked to do.
package struct RunConfiguration: Sendable {
    /// The program and its arguments.
    package var command: [String]
    /// Limits, probes and stop settings for the engine. Its `watchdogInterval` is filled from the environment.
    package var engine: EngineConfiguration
    /// How long one attempt of a polled probe may take.
    package var probeTimeout: Duration
    /// Where the program runs; nil keeps punctual's working directory.
    package var workingDirectory: String?
    /// The checks asked after ready (`--live`), how often and for how long each.
    package var liveness: LivenessSettings
    /// Where the start history is kept (`--state-dir`); nil: systemd's `$STATE_DIRECTORY`, if any.
    package var stateDirectory: String?
    /// Where the lifecycle is told besides the manager (`--registry`, `--on-state`); nil: nowhere.
    package var publication: Publication?

    package init(
        command: [String], engine: EngineConfiguration, probeTimeout: Duration = Defaults.probeTimeout,
        workingDirectory: String? = nil, liveness: LivenessSettings = LivenessSettings()
    ) {
        self.command = command
        self.engine = engine
        self.probeTimeout = probeTimeout
        self.workingDirectory = workingDirectory
        self.liveness = liveness
    }

    /// The engine's configuration under a manager whose watchdog interval is `watchdog` (nil: none),
    /// with the liveness checks that follow from it: the `--live` probes, or without them and under a
    /// watchdog the readiness probes that can be asked again; and the process itself, looked at whenever
    /// anything checks liveness. A verdict comes only from `--live` or a watchdog: the health endpoints
    /// alone show the process, they do not judge it.
    package func engine(watchdog: Duration?, servesHealth: Bool) -> EngineConfiguration {
        var engine = self.engine
        engine.watchdogInterval = watchdog
        let checks = livenessProbes(watchdog: watchdog)
        let judges = !checks.isEmpty || watchdog != nil
        if judges || servesHealth {
            engine.livenessChecks = checks.map(\.description) + [WorkloadCondition.checkName]
            engine.livenessFailureThreshold = judges ? liveness.failures : nil
        }
        engine.childFeedsWatchdog = watchdog != nil && engine.probes.contains(.notify)
        return engine
    }

    /// What the run asks of its manager's limits.
    package var managerLimits: ManagerLimits {
        ManagerLimits(
            startupBudget: engine.startupBudget, stopTimeout: engine.stopTimeout, shutdownDelay: engine.shutdownDelay,
            afterEnd: publication?.afterEnd ?? .zero)
    }

    /// The probes, of the start and of liveness, whose URL holds a password.
    package var probesWithPasswords: [ProbeSpec] {
        (engine.probes + liveness.probes).filter {
            if case .redis(let target) = $0, case .inline = target.password { true } else { false }
        }
    }

    /// The probes asked after ready.
    package func livenessProbes(watchdog: Duration?) -> [ProbeSpec] {
        if !liveness.probes.isEmpty { return liveness.probes }
        return watchdog == nil ? [] : engine.probes.filter(\.canBeAskedAgain)
    }
}

/// `--live`, `--live-every`, `--live-timeout`, `--live-failures`.
package struct LivenessSettings: Sendable {
    /// The checks; empty: the readiness probes that can be asked again, under a watchdog.
    package var probes: [ProbeSpec]
    /// The time between two rounds of checks.
    package var every: Duration
    /// How long one check may take.
    package var timeout: Duration
    /// Failures in a row that make the program unhealthy.
    package var failures: Int

    package init(
        probes: [ProbeSpec] = [], every: Duration = Defaults.livenessInterval,
        timeout: Duration = Defaults.probeTimeout,
        failures: Int = Defaults.livenessFailures
    ) {
        self.probes = probes
        self.every = every
        self.timeout = timeout
        self.failures = failures
    }
}

/// How a run ended, and what it showed on the way.
package struct RunOutcome: Sendable {
    package var exitCode: Int32
    /// From spawn to ready; nil when the child never became ready.
    package var readyAfter: Duration?
    package var heartbeatsSent: Int
    package var watchdogPingsSent: Int
}
