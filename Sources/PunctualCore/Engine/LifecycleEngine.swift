/// The one place that decides what the manager hears and what happens to the workload, and when.
///
/// The engine is a value with no I/O: feed it events with the time they happened, perform the
/// actions it returns in order, and call it again with ``EngineEvent/tick`` at ``nextDeadline``.
/// What it says is data (``LifecycleFact``); ``LifecycleWords`` puts it into words.
///
/// Each event has one handler below; each timer is a ``TimingRule``, listed in `TimingRules.swift`.
package struct LifecycleEngine: Sendable {
    package let configuration: EngineConfiguration
    var state: LifecycleState = .idle
    package internal(set) var probes: [ProbeState]
    /// The program's own `STATUS=`, when it speaks the notify protocol.
    package internal(set) var childStatus: String?
    package internal(set) var startedAt: ContinuousClock.Instant?
    package internal(set) var readyAt: ContinuousClock.Instant?
    /// The longest the start went without evidence of progress, up to ready or to the failure.
    package internal(set) var longestQuiet: Duration = .zero
    /// Heartbeats sent to the manager, start and stop together.
    package internal(set) var heartbeatsSent = 0
    package internal(set) var watchdogPingsSent = 0
    /// Watchdog pings not sent because a liveness check failed or the service stopped answering.
    package internal(set) var watchdogPingsWithheld = 0
    /// The service's own liveness checks, as last reported.
    package internal(set) var liveness: LivenessChecks
    /// Why the start or the stop failed, once it has.
    package internal(set) var failure: LifecycleFailure?
    /// What the program's main process was doing when last looked at.
    package internal(set) var workloadCondition: WorkloadCondition = .running
    /// When punctual's own timer next sends `WATCHDOG=1`; set while the workload runs under a watchdog.
    var nextWatchdogAt: ContinuousClock.Instant?
    /// With ``EngineConfiguration/childFeedsWatchdog``: the program has sent `WATCHDOG=1`, so from ready
    /// on its pings, not punctual's timer, feed the watchdog.
    var childPingedOnce = false
    /// Phases under way, each with the moment its budget runs out; they count while starting or ready.
    var runningPhases: [(name: String, budget: Duration, deadline: ContinuousClock.Instant)] = []

    package init(configuration: EngineConfiguration) {
        self.configuration = configuration
        self.probes = configuration.probes.map(ProbeState.init(spec:))
        self.liveness = LivenessChecks(names: configuration.livenessChecks)
    }

    /// Where the service is in its life.
    package var phase: LifecyclePhase { state.phase }

    /// Takes in one event that happened at `now` and returns what to do about it.
    package mutating func handle(_ event: EngineEvent, at now: ContinuousClock.Instant) -> [EngineAction] {
        var actions = fireDueTimers(at: now)
        guard !phase.isFinished else { return actions }
        switch event {
        case .tick: break
        case .workloadStarted(let pid): actions += workloadStarted(pid: pid, at: now)
        case .workloadFailedToStart(let reason, let code): actions += cannotStart(reason: reason, exitCode: code)
        case .readinessObserved(let spec, let holds, let detail):
            actions += readinessObserved(spec, holds: holds, detail: detail, at: now)
        case .progress(let source): progressSeen(source, at: now)
        case .probeMisconfigured(let spec, let reason):
            actions.append(.log(.error, .probeMisconfigured(spec, reason: reason)))
        case .childMessage(let message): actions += childMessage(message, at: now)
        case .stopRequested(let signal): actions += stopRequested(by: signal, at: now)
        case .signalReceived(let signal): actions += signalReceived(signal)
        case .workloadEnded(let outcome): actions += workloadEnded(outcome, at: now)
        case .livenessChecked(let name, let failure): actions += livenessChecked(name, failure: failure, at: now)
        case .workloadSampled(let condition, let counts): actions += workloadSampled(condition, counts: counts, at: now)
        case .livenessFatal(let name, let reason):
            actions += livenessFatal(.livenessFailed(name: name, reason: reason, inARow: 1), at: now)
        case .phaseStarted(let name, let budget):
            runningPhases.removeAll { $0.name == name }
            runningPhases.append((name, budget, now + budget))
            progressSeen(.probe, at: now)
        case .phaseFinished(let name):
            runningPhases.removeAll { $0.name == name }
            progressSeen(.probe, at: now)
        case .phaseFailed(let name, let reason):
            runningPhases.removeAll { $0.name == name }
            actions += fail(.phaseFailed(name: name, reason: reason), at: now)
        }
        return actions
    }

    /// The conditions that do not hold yet.
    var pending: [ProbeState] { probes.filter { !$0.passed } }

    /// Time since the workload started.
    func elapsed(at now: ContinuousClock.Instant) -> Duration { startedAt.map { now - $0 } ?? .zero }
}
