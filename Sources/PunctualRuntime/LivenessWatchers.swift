import PunctualCore
import PunctualProbes
import Synchronization

/// The work that watches a ready program: each liveness probe, and the process itself, every
/// `--live-every`, first one interval after ready. Every result is told to the engine, which counts
/// failures in a row.
enum LivenessWatchers {
    static func jobs(
        probes: [ProbeSpec], settings: LivenessSettings, environment: [String],
        condition: @escaping @Sendable () -> WorkloadCondition?, post: @escaping @Sendable (EngineEvent) -> Void
    ) -> [PollingThread.Job] {
        let schedule = ProbeBackoff(first: settings.every, factor: 1, ceiling: settings.every)
        var jobs = probes.compactMap { spec -> PollingThread.Job? in
            guard let probe = makePolledProbe(spec, environment: environment) else { return nil }
            let name = spec.description
            return PollingThread.Job(schedule: schedule, startsAfter: settings.every) {
                let result = probe.check(timeout: settings.timeout)
                post(.livenessChecked(name: name, failure: result.passed ? nil : result.detail))
            }
        }
        jobs.append(
            PollingThread.Job(schedule: schedule, startsAfter: settings.every) {
                if let condition = condition() { post(.workloadSampled(condition, counts: true)) }
            })
        return jobs
    }

    /// Starts the checks' thread, made beforehand, once the engine says the program is ready.
    static func start(_ thread: borrowing Mutex<PollingThread?>, failed: (String) -> Void) {
        thread.withLock { thread in
            do {
                try thread?.start(name: "punctual-live")
            } catch {
                failed("cannot start the liveness checks: \(error)")
            }
        }
    }
}
