/// The engine's timing rules: every timer it keeps, in the order they are checked at each moment.
///
/// | Rule                  | Runs while                        | When it runs out                                  |
/// |-----------------------|-----------------------------------|---------------------------------------------------|
/// | `killWaitOver`        | stopping, the tree killed         | give up on the tree; finish failed (ends the round) |
/// | `shutdownDelayOver`   | stopping, draining                | the stop signal goes out; the grace begins        |
/// | `stopGraceOver`       | stopping, in the grace            | SIGKILL to the tree; the kill wait begins         |
/// | `phaseOverran`        | starting or ready, a phase running| the start fails, or the ready service stops (ends) |
/// | `startupBudgetOver`   | starting                          | the start fails; SIGKILL to the tree (ends)       |
/// | `noProgress`          | starting, with a progress timeout | the start fails; SIGKILL to the tree (ends)       |
/// | `heartbeatDue`        | starting; stopping before SIGKILL | extend the manager's deadline, within the limit   |
/// | `watchdogPingDue`     | the workload runs, under a watchdog | `WATCHDOG=1` if the workload is alive           |
/// | `childWatchdogSilent` | ready, the program feeds the watchdog | it is hung: trigger, then the orderly stop    |
///
/// The start's budget runs only while starting: once a stop has begun, the stop's own limit (the
/// shutdown delay, the stop timeout, the kill wait) decides.
enum TimingRule: CaseIterable {
    case killWaitOver
    case shutdownDelayOver
    case stopGraceOver
    case phaseOverran
    case startupBudgetOver
    case noProgress
    case heartbeatDue
    case watchdogPingDue
    case childWatchdogSilent

    /// A rule that ends the service's current phase: the rules after it wait for the next round.
    var endsTheRound: Bool {
        switch self {
        case .killWaitOver, .phaseOverran, .startupBudgetOver, .noProgress: true
        default: false
        }
    }
}

extension LifecycleEngine {
    /// When `rule` next runs out; nil when it does not run now.
    func deadline(of rule: TimingRule) -> ContinuousClock.Instant? {
        switch (rule, state) {
        case (.killWaitOver, .stopping(let stopping)):
            if case .killed(let until) = stopping.step { until } else { nil }
        case (.shutdownDelayOver, .stopping(let stopping)):
            if case .draining(let until, _) = stopping.step { until } else { nil }
        case (.stopGraceOver, .stopping(let stopping)):
            if case .grace(let until) = stopping.step { until } else { nil }
        case (.phaseOverran, .starting), (.phaseOverran, .ready):
            runningPhases.map(\.deadline).min()
        case (.startupBudgetOver, .starting):
            startedAt.map { $0 + configuration.startupBudget }
        case (.noProgress, .starting(let starting)):
            configuration.progressTimeout.map { starting.lastProgress.at + $0 }
        case (.heartbeatDue, .starting(let starting)):
            starting.nextHeartbeat
        case (.heartbeatDue, .stopping(let stopping)):
            stopping.nextHeartbeat
        case (.watchdogPingDue, _):
            nextWatchdogAt
        case (.childWatchdogSilent, .ready(let ready)):
            ready.childWatchdogDeadline
        default:
            nil
        }
    }

    /// When the engine next needs a ``EngineEvent/tick``; nil when only an event can move it.
    package var nextDeadline: ContinuousClock.Instant? {
        TimingRule.allCases.compactMap { deadline(of: $0) }.min()
    }

    /// Applies every rule whose time has come, in the table's order.
    mutating func fireDueTimers(at now: ContinuousClock.Instant) -> [EngineAction] {
        var actions: [EngineAction] = []
        for rule in TimingRule.allCases {
            guard !phase.isFinished else { break }
            guard let due = deadline(of: rule), now >= due else { continue }
            actions += fire(rule, due: due, at: now)
            if rule.endsTheRound { break }
        }
        return actions
    }

    private mutating func fire(_ rule: TimingRule, due: ContinuousClock.Instant, at now: ContinuousClock.Instant)
        -> [EngineAction]
    {
        switch (rule, state) {
        case (.killWaitOver, _):
            return giveUp()
        case (.shutdownDelayOver, .stopping(let stopping)):
            guard case .draining(_, let signal) = stopping.step else { return [] }
            return [.log(.info, .shutdownDelayOver(signal: signal))] + sendStopSignal(signal, at: now)
        case (.stopGraceOver, _):
            return killAfterStopTimeout(at: now)
        case (.phaseOverran, _):
            guard let overrun = runningPhases.min(by: { $0.deadline < $1.deadline }) else { return [] }
            runningPhases.removeAll { $0.name == overrun.name }
            return fail(.phaseOverran(name: overrun.name, budget: overrun.budget), at: now)
        case (.startupBudgetOver, _):
            return failStart(.startupBudgetExceeded, at: now)
        case (.noProgress, _):
            return failStart(.noProgress, at: now)
        case (.heartbeatDue, _):
            return heartbeat(due: due, at: now)
        case (.watchdogPingDue, _):
            guard let interval = configuration.watchdogInterval else { return [] }
            nextWatchdogAt = Self.next(after: due, every: interval.divided(by: 2), now: now)
            // A program that feeds the watchdog itself is relayed as it pings, not on this timer.
            return phase == .ready && childFeedsWatchdog ? [] : watchdogPingIfAlive()
        case (.childWatchdogSilent, .ready):
            guard let interval = configuration.watchdogInterval else { return [] }
            state = .ready(.init(childWatchdogDeadline: nil))
            return livenessFatal(.watchdog(.silent(for: interval)), at: now)
        default:
            return []
        }
    }

    /// A heartbeat: the manager's deadline moves, and the next one is scheduled.
    private mutating func heartbeat(due: ContinuousClock.Instant, at now: ContinuousClock.Instant) -> [EngineAction] {
        let next = Self.next(after: due, every: configuration.heartbeatInterval, now: now)
        let reported: ReportedState
        switch state {
        case .starting(var starting):
            starting.nextHeartbeat = next
            state = .starting(starting)
            reported = .starting
        case .stopping(var stopping):
            stopping.nextHeartbeat = next
            state = .stopping(stopping)
            reported = .stopping
        default:
            return []
        }
        heartbeatsSent += 1
        return [.report(.init(state: reported, status: status(at: now), extendBy: extensionLength(at: now)))]
    }

    /// The next beat of a timer due at `due`: one period on, or one period from now when it ran late.
    private static func next(after due: ContinuousClock.Instant, every period: Duration, now: ContinuousClock.Instant)
        -> ContinuousClock.Instant
    {
        let next = due + period
        return next > now ? next : now + period
    }
}
