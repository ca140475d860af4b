import PunctualCore
import PunctualProbes
import Synchronization

/// The work that watches a start: polled probes, and samples of the tree's CPU and I/O.
package enum StartWatchers {
    /// One job per polled probe, telling the engine each answer that differs from the one before.
    package static func probeJobs(
        probes: [ProbeSpec], environment: [String], timeout: Duration, post: @escaping @Sendable (EngineEvent) -> Void
    ) -> [PollingThread.Job] {
        probes.compactMap { spec in
            guard let probe = makeReadinessProbe(spec, environment: environment), let schedule = ProbeBackoff(for: spec)
            else { return nil }
            let last = Mutex<ProbeResult?>(nil)
            return PollingThread.Job(schedule: schedule) {
                let result = probe.check(timeout: timeout)
                let changed = last.withLock { last in
                    defer { last = result }
                    return last != result
                }
                guard changed else { return }
                post(.readinessObserved(spec, holds: result.passed, detail: result.detail))
                if result.misconfigured { post(.probeMisconfigured(spec, reason: result.detail)) }
            }
        }
    }

    /// A job that reads the tree's usage every `period` and reports what `rule` counts as progress; a
    /// reading of nil (the tree could not be read this time) is skipped.
    package static func progressSampler(
        period: Duration, rule: ResourceProgress, post: @escaping @Sendable (EngineEvent) -> Void,
        read: @escaping @Sendable () -> ResourceUsage?
    ) -> PollingThread.Job {
        let rule = Mutex(rule)
        return PollingThread.Job(schedule: ProbeBackoff(first: period, factor: 1, ceiling: period)) {
            guard let usage = read() else { return }
            if let source = rule.withLock({ $0.sample(usage, at: .now) }) { post(.progress(source)) }
        }
    }

    /// The sampling period for a progress timeout: a quarter of it, between 100 ms and 1 s.
    package static func samplingPeriod(for timeout: Duration) -> Duration {
        min(.seconds(1), max(.milliseconds(100), timeout.divided(by: 4)))
    }
}
