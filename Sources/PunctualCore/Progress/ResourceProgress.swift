/// What a process tree has used so far.
package struct ResourceUsage: Equatable, Sendable {
    /// CPU time of the live processes and of the children they have waited for.
    package var cpuTime: Duration
    /// Bytes read from and written to storage: not sockets or pipes, so answering a probe is not I/O.
    package var storageBytes: Int64

    package init(cpuTime: Duration = .zero, storageBytes: Int64 = 0) {
        self.cpuTime = cpuTime
        self.storageBytes = storageBytes
    }
}

/// Decides when a change in a tree's resource usage is evidence that a start is making progress.
///
/// Storage I/O always counts. CPU time counts once the tree has used at least 1 % of a core since
/// the last evidence: a server stuck in a loop of answering "not ready" to probes, or a shell
/// retrying a connection every second, uses far less than that.
package struct ResourceProgress: Sendable {
    /// The share of one core that counts as work.
    package static let minimumCPUShare = 0.01

    private var baseline: ResourceUsage?
    private var since: ContinuousClock.Instant?

    package init() {}

    /// Takes a new sample; returns the kind of evidence it shows, if any.
    package mutating func sample(_ usage: ResourceUsage, at now: ContinuousClock.Instant) -> ProgressSource? {
        guard let baseline, let since else {
            restart(from: usage, at: now)
            return nil
        }
        let source: ProgressSource?
        if usage.storageBytes > baseline.storageBytes {
            source = .io
        } else if usage.cpuTime > baseline.cpuTime,
            (usage.cpuTime - baseline.cpuTime).seconds >= (now - since).seconds * Self.minimumCPUShare
        {
            source = .cpu
        } else {
            source = nil
        }
        if source != nil || usage.cpuTime < baseline.cpuTime || usage.storageBytes < baseline.storageBytes {
            restart(from: usage, at: now)
        }
        return source
    }

    private mutating func restart(from usage: ResourceUsage, at now: ContinuousClock.Instant) {
        baseline = usage
        since = now
    }
}
