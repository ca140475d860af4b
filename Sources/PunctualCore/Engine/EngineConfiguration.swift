/// The limits and schedule one supervised start and stop obey.
package struct EngineConfiguration: Sendable, Equatable {
    /// Hard cap on the start: past it the start has failed, whatever the probes say.
    package var startupBudget: Duration
    /// The start counts as hung when no evidence of progress arrives for this long; nil turns the rule off.
    package var progressTimeout: Duration?
    /// Grace between the stop signal and SIGKILL to the child's tree.
    package var stopTimeout: Duration
    /// The signal that asks the child to stop (SIGTERM unless set); nil forwards the signal that asked
    /// punctual to stop. A child that ends on either signal has stopped cleanly.
    package var stopSignal: Signal?
    /// The readiness checks, all of which must pass; empty means ready once spawned.
    package var probes: [ProbeSpec]
    /// How far each heartbeat moves the manager's deadline.
    package var heartbeatExtension: Duration
    /// How many heartbeats are sent per extension, so that one late beat never lets the deadline pass.
    package var heartbeatsPerExtension: Int
    /// The manager's watchdog interval (`WATCHDOG_USEC`); pings go out at half of it. Nil: no watchdog.
    package var watchdogInterval: Duration?
    /// How long to wait for the tree to die after SIGKILL before giving up on it.
    package var killWait: Duration
    /// The names of the service's liveness checks; while one fails, watchdog pings are withheld.
    package var livenessChecks: [String]
    /// How many failures in a row of one liveness check make a ready service unhealthy: it is stopped
    /// the orderly way and exits ``ExitCodes/unhealthy``. Nil: a failing check only withholds watchdog pings.
    package var livenessFailureThreshold: Int?
    /// How long a ready service keeps running after the stop request, with `/readyz` failing, before it
    /// gets the stop signal, so that load balancers stop sending it requests first. Added to ``stopTimeout``.
    package var shutdownDelay: Duration
    /// The child is given the watchdog: once it has sent `WATCHDOG=1`, after ready its own pings (relayed
    /// while punctual's checks also pass) feed the watchdog instead of punctual's timer, and a child
    /// silent for a whole ``watchdogInterval`` is hung. A child that never pings is fed by the timer.
    package var childFeedsWatchdog: Bool
    /// What is supervised: a child process or services in this process.
    package var workload: WorkloadKind

    package init(
        startupBudget: Duration = Defaults.startupBudget,
        progressTimeout: Duration? = nil,
        stopTimeout: Duration = Defaults.stopTimeout,
        stopSignal: Signal? = .terminate,
        probes: [ProbeSpec] = [],
        heartbeatExtension: Duration = Defaults.heartbeatExtension,
        heartbeatsPerExtension: Int = Defaults.heartbeatsPerExtension,
        watchdogInterval: Duration? = nil,
        killWait: Duration = Defaults.killWait,
        livenessChecks: [String] = [],
        livenessFailureThreshold: Int? = nil,
        shutdownDelay: Duration = .zero,
        childFeedsWatchdog: Bool = false,
        workload: WorkloadKind = .childProcess
    ) {
        self.startupBudget = startupBudget
        self.progressTimeout = progressTimeout
        self.stopTimeout = stopTimeout
        self.stopSignal = stopSignal
        self.probes = probes
        self.heartbeatExtension = heartbeatExtension
        self.heartbeatsPerExtension = heartbeatsPerExtension
        self.watchdogInterval = watchdogInterval
        self.killWait = killWait
        self.livenessChecks = livenessChecks
        self.livenessFailureThreshold = livenessFailureThreshold
        self.shutdownDelay = shutdownDelay
        self.childFeedsWatchdog = childFeedsWatchdog
        self.workload = workload
    }

    /// How far past the start's budget, or the stop's limit, a deadline extension may reach: room for
    /// punctual to report its own verdict before the manager's deadline passes, and no more.
    package static let deadlineMargin: Duration = .seconds(2)

    /// The time between two heartbeats.
    package var heartbeatInterval: Duration { heartbeatExtension.divided(by: max(1, heartbeatsPerExtension)) }
}
