import PunctualCore
import PunctualRuntime

extension RunCommand {
    /// Each setting `run` will use, by its service file key, as text; empty where it is unset.
    var settings: [(key: String, values: [String])] {
        [
            ("ready", start.probes), ("startup-budget", [start.startupBudget]),
            ("progress-timeout", start.progressTimeout.map { [$0] } ?? []), ("probe-timeout", [start.probeTimeout]),
            ("live", liveness.probes), ("live-every", [liveness.every]), ("live-timeout", [liveness.timeout]),
            ("live-failures", [String(liveness.failures)]), ("health-port", health.port.map { [String($0)] } ?? []),
            ("health-host", [health.host]), ("stop-signal", stop.stopSignal.map { [$0] } ?? []),
            ("stop-timeout", [stop.stopTimeout]), ("shutdown-delay", [stop.shutdownDelay]),
            ("log-level", [output.logLevel]), ("log-file", output.logFile.map { [$0] } ?? []),
            ("log-max-size", [output.logMaxSize]), ("log-keep", [String(output.logKeep)]),
            ("registry", registry.registry.map { [$0] } ?? []), ("instance-id", registry.instanceId.map { [$0] } ?? []),
            ("registry-ttl", [registry.registryTtl]), ("address", registry.address.map { [$0] } ?? []),
            ("on-state", registry.onState.map { [$0] } ?? []), ("on-state-timeout", [registry.onStateTimeout]),
            ("working-directory", workingDirectory.map { [$0] } ?? []), ("state-dir", stateDir.map { [$0] } ?? []),
        ]
    }

    /// The start history in --state-dir (or systemd's $STATE_DIRECTORY), when there is one.
    var recordedStarts: StartHistory? {
        #if os(Windows)
            nil
        #else
            StartHistoryFile.folder(given: stateDir).map { StartHistoryFile(folder: $0).read() }
        #endif
    }

    /// What the service's manager must know of it.
    func managerFacts(_ configuration: RunConfiguration) -> ManagerAdvice.Service {
        ManagerAdvice.Service(
            limits: configuration.managerLimits,
            hasReadinessProbe: !configuration.engine.probes.isEmpty, healthPort: health.port,
            hasLivenessChecks: !configuration.liveness.probes.isEmpty, history: recordedStarts)
    }
}
