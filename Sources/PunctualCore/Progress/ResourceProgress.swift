/// What a process tree has used so far.
package struct ResourceUsage: Equatable, Sendable {
    /// CPU time of the live processes and of the children they have waited for.
    package var cpuTime: Duration
    /// Bytes read and written. On Linux storage only, so answering a probe is not I/O; on Windows
    /// every read and write the Job counts, pipes included.
    package var ioBytes: Int64

    package init(cpuTime: Duration = .zero, ioBytes: Int64 = 0) {
        self.cpuTime = cpuTime
        self.ioBytes = ioBytes
    }
}

/// Decides when a change in a tree's resource usage is evidence that a start is making progress.
///
/// CPU time counts once the tree has used at least 1 % of a core since the last evidence: a server
/// stuck in a loop of answering "not ready" to probes, or a shell retrying a connection every
/// second, uses far less than that. I/O counts once it reaches ``minimumIORate`` since the last
/// evidence.
package struct ResourceProgress: Sendable {
    /// The share of one core that counts as work.
    package static let minimumCPUShare = 0.01

    /// Bytes per second of I/O that count as work; 0: any byte does.
    package let minimumIORate: Double
    private var baseline: ResourceUsage?
    private var since: ContinuousClock.Instant?

    /// A rule counting any byte of I/O, or `minimumIORate` bytes per second of it.
    package init(minimumIORate: Double = 0) {
        self.minimumIORate = minimumIORate
    }

    /// Takes a new sample; returns the kind of evidence it shows, if any.
    package mutating func sample(_ usage: ResourceUsage, at now: ContinuousClock.Instant) -> ProgressSource? {
        guard let baseline, let since else {
            restart(from: usage, at: now)
            return nil
        }
        let elapsed = (now - since).seconds
        let source: ProgressSource?
        if usage.ioBytes > baseline.ioBytes, Double(usage.ioBytes - baseline.ioBytes) >= elapsed * minimumIORate {
            source = .io
        } else if usage.cpuTime > baseline.cpuTime,
            (usage.cpuTime - baseline.cpuTime).seconds >= elapsed * Self.minimumCPUShare
        {
            source = .cpu
        } else {
            source = nil
        }
        if source != nil || usage.cpuTime < baseline.cpuTime || usage.ioBytes < baseline.ioBytes {
            restart(from: usage, at: now)
        }
        return source
    }

    private mutating func restart(from usage: ResourceUsage, at now: ContinuousClock.Instant) {
        baseline = usage
        since = now
    }
}
