/// What a registry hears: the lifecycle's state in its words, and whether it shows life.
extension LifecycleEngine {
    /// The state a registry shows; nil before the start and once the workload has ended (the key goes).
    ///
    /// A ready service is `UNHEALTHY` while a liveness check fails or its process is stopped or gone,
    /// the same moments its watchdog pings are withheld.
    package var registryState: RegistryRecord.State? {
        switch state {
        case .idle, .finished: nil
        case .starting: .starting
        case .ready: workloadCondition == .running && liveness.allPassing ? .running : .unhealthy
        case .stopping: .stopping
        }
    }

    /// The phases under way, by name, in the order they began; nil when none is.
    package var runningPhaseNames: String? {
        runningPhases.isEmpty ? nil : runningPhases.map(\.name).joined(separator: ", ")
    }

    /// What the start still waits for, as last seen; nil once it waits for nothing.
    package var pendingSummary: String? {
        guard case .starting = state, !pending.isEmpty else { return nil }
        return pending.map(\.summary).joined(separator: "; ")
    }

    /// The last moment the lifecycle showed life, the evidence a registry's lease is kept alive on:
    /// while starting, the last progress; once ready, now while it is `RUNNING`; while stopping, now
    /// until the tree is killed. Nil when there is none.
    package func lastEvidence(at now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        switch state {
        case .starting(let starting): starting.lastProgress.at
        case .ready: registryState == .running ? now : nil
        case .stopping(let stopping): stopping.nextHeartbeat == nil ? nil : now
        case .idle, .finished: nil
        }
    }
}
