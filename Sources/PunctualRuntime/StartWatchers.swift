import PunctualCore
import PunctualProbes
import PunctualSupervisor
import PunctualSystem
import Synchronization

/// The work that watches a start: polled probes, and samples of the tree's CPU and I/O.
enum StartWatchers {
    /// One job per polled probe, telling the engine each answer that differs from the one before.
    static func probeJobs(
        probes: [ProbeSpec], environment: [String], timeout: Duration, post: @escaping @Sendable (EngineEvent) -> Void
    ) -> [PollingThread.Job] {
        probes.enumerated().compactMap { index, spec in
            guard let probe = makePolledProbe(spec, environment: environment), let schedule = ProbeBackoff(for: spec)
            else { return nil }
            let last = Mutex<ProbeResult?>(nil)
            return PollingThread.Job(schedule: schedule) {
                let result = probe.check(timeout: timeout)
                let changed = last.withLock { last in
                    defer { last = result }
                    return last != result
                }
                if changed { post(.probeObserved(index: index, passed: result.passed, detail: result.detail)) }
            }
        }
    }

    /// A job that samples the tree's CPU time and storage I/O and reports what counts as progress.
    static func progressSampler(root: Int32, period: Duration, post: @escaping @Sendable (EngineEvent) -> Void)
        -> PollingThread.Job
    {
        let rule = Mutex(ResourceProgress())
        return PollingThread.Job(schedule: ProbeBackoff(first: period, factor: 1, ceiling: period)) {
            let usage = ProcessTree.usage(under: root)
            if let source = rule.withLock({ $0.sample(usage, at: .now) }) { post(.progress(source)) }
        }
    }

    /// The sampling period for a progress timeout: a quarter of it, between 100 ms and 1 s.
    static func samplingPeriod(for timeout: Duration) -> Duration {
        min(.seconds(1), max(.milliseconds(100), timeout.divided(by: 4)))
    }
}
