/// Every default punctual uses, written once, each with the reason for its value.
///
/// Where the wrapper and the library differ, both values are here, side by side, with why.
public enum Defaults {
    /// `--startup-budget`, and the library's `startupBudget`: 10 minutes. Long enough for a database
    /// replaying its log or a model loading; past it a start is not slow but stuck.
    public static let startupBudget: Duration = .seconds(600)

    /// `--stop-timeout`: 10 s between the stop signal and SIGKILL, as `docker stop` waits.
    package static let stopTimeout: Duration = .seconds(10)
    /// The library's `gracefulShutdownLimit`: 15 s. Longer than the wrapper's because a Swift service
    /// drains its own requests in that time; still below the SCM's 20 s at system shutdown.
    public static let gracefulShutdownLimit: Duration = .seconds(15)

    /// How long a child's tree may take to die after SIGKILL before punctual gives up on it: 5 s, for
    /// a large process's memory to be torn down by the kernel.
    package static let killWait: Duration = .seconds(5)
    /// The same for the library's services after cancellation: 2 s, since nothing but tasks has to end,
    /// and the process must still exit inside the manager's limit.
    package static let serviceGroupKillWait: Duration = .seconds(2)

    /// How far each heartbeat moves the manager's deadline (`EXTEND_TIMEOUT_USEC`, the SCM's wait
    /// hint): 10 s, so that a punctual that froze is found out within 10 s.
    package static let heartbeatExtension: Duration = .seconds(10)
    /// Heartbeats per extension: 4, one every 2.5 s, so that three late beats in a row still leave the
    /// deadline ahead.
    package static let heartbeatsPerExtension = 4
    /// The SCM's wait hint in a report that carries no extension of its own: 2 s.
    package static let waitHint: Duration = .seconds(2)

    /// `--probe-timeout` and `--live-timeout`: 1 s for one attempt, the kubelet's `timeoutSeconds`.
    package static let probeTimeout: Duration = .seconds(1)
    /// `--live-every`: 10 s between rounds of liveness checks, the kubelet's `periodSeconds`.
    public static let livenessInterval: Duration = .seconds(10)
    /// `--live-failures`: 3 failures in a row make a program unhealthy, the kubelet's `failureThreshold`.
    package static let livenessFailures = 3
    /// The library's liveness check timeout: 5 s. Longer than a probe's 1 s because an in-process check
    /// calls the service's own code, which may await a database of its own.
    public static let livenessCheckTimeout: Duration = .seconds(5)
    /// The library's `task-pool` check: Swift's cooperative pool may run no task for 5 s before it fails,
    /// longer than any healthy burst of blocking work should last.
    public static let taskPoolLimit: Duration = .seconds(5)

    /// `--registry-ttl`: 10 s, etcd's own examples' lease. A key outlives a killed punctual, or a
    /// start that stopped showing life, by at most this.
    public static let registryTTL: Duration = .seconds(10)
    /// `--on-state-timeout`: 5 s for one run of the hook, the time a registry's command-line client
    /// needs on a slow network; the end waits at most this for the last run (systemd's stop limit
    /// leaves punctual 5 s past the stop's own).
    package static let hookTimeout: Duration = .seconds(5)
}
