/// The one place that decides what the manager hears and what happens to the child, and when.
///
/// The engine is a value with no I/O: feed it events with the time they happened, perform the
/// actions it returns in order, and call it again with ``EngineEvent/tick`` at ``nextDeadline``.
public struct LifecycleEngine: Sendable {
    public let configuration: EngineConfiguration
    public private(set) var phase: LifecyclePhase = .idle
    public private(set) var probes: [ProbeState]
    /// The child's own `STATUS=`, when it speaks the notify protocol.
    public private(set) var childStatus: String?
    public private(set) var startedAt: ContinuousClock.Instant?
    public private(set) var readyAt: ContinuousClock.Instant?
    /// Heartbeats sent to the manager, start and stop together.
    public private(set) var heartbeatsSent = 0
    public internal(set) var watchdogPingsSent = 0
    /// Watchdog pings not sent because a liveness check failed or the service stopped answering.
    public internal(set) var watchdogPingsWithheld = 0
    /// The service's own liveness checks, as last reported.
    public internal(set) var liveness: LivenessChecks
    /// The last evidence that the start is alive; the spawn itself counts, with no source.
    public private(set) var lastProgress: (at: ContinuousClock.Instant, source: ProgressSource?)?
    /// Why the start or the stop failed, once it has.
    public private(set) var failure: Failure?
    /// What the child's main process was doing when last looked at.
    public internal(set) var workloadCondition: WorkloadCondition = .running

    private var childRunning = false
    private var nextHeartbeatAt: ContinuousClock.Instant?
    /// When punctual's own timer next sends `WATCHDOG=1`.
    var nextWatchdogAt: ContinuousClock.Instant?
    /// With ``EngineConfiguration/childFeedsWatchdog``: the child has sent `WATCHDOG=1`, so from ready on
    /// its pings, not punctual's timer, feed the watchdog.
    var childPingedOnce = false
    /// With ``EngineConfiguration/childFeedsWatchdog``, after ready: the child is hung unless it pings by then.
    var childWatchdogDeadline: ContinuousClock.Instant?
    private var stop: StopContext?
    /// Phases under way, each with the moment its budget runs out.
    private var runningPhases: [(name: String, budget: Duration, deadline: ContinuousClock.Instant)] = []

    /// Why a start or a stop failed.
    public enum Failure: Sendable, Equatable {
        case startupBudgetExceeded
        case noProgress
        case stopTimedOut
        /// A phase ran past its own budget.
        case phaseOverran(name: String, budget: Duration)
        /// A phase threw.
        case phaseFailed(name: String, reason: String)
        /// A liveness check whose failure is fatal failed.
        case livenessFailed(name: String, reason: String)

        /// The exit code a service that failed this way ends with: 124 for what ran out of time, 137 for a
        /// stop that had to be forced, 1 for an error.
        public var exitCode: Int32 {
            switch self {
            case .startupBudgetExceeded, .noProgress, .phaseOverran: ExitCodes.timeout
            case .stopTimedOut: 128 + Signal.kill.number
            case .phaseFailed: 1
            case .livenessFailed: ExitCodes.unhealthy
            }
        }
    }

    private struct StopContext: Sendable {
        var requestedBy: Signal?
        var since: ContinuousClock.Instant
        var signalsSent: Set<Signal> = []
        /// During the shutdown delay: when the stop signal goes out, and which.
        var drain: (until: ContinuousClock.Instant, signal: Signal)?
        var graceDeadline: ContinuousClock.Instant?
        var killDeadline: ContinuousClock.Instant?
        /// When the workload is killed at the latest: no extension reaches past it by more than the margin.
        var limit: ContinuousClock.Instant
    }

    public init(configuration: EngineConfiguration) {
        self.configuration = configuration
        self.probes = configuration.probes.map(ProbeState.init(spec:))
        self.liveness = LivenessChecks(names: configuration.livenessChecks)
    }

    /// When the engine next needs a ``EngineEvent/tick``; nil when only an event can move it.
    public var nextDeadline: ContinuousClock.Instant? {
        var candidates = [
            nextHeartbeatAt, nextWatchdogAt, childWatchdogDeadline, stop?.drain?.until, stop?.graceDeadline,
            stop?.killDeadline,
        ]
        if phase == .starting || phase == .ready { candidates += runningPhases.map(\.deadline) }
        if phase == .starting, let startedAt {
            candidates.append(startedAt + configuration.startupBudget)
            if let timeout = configuration.progressTimeout, let lastProgress {
                candidates.append(lastProgress.at + timeout)
            }
        }
        return candidates.compactMap { $0 }.min()
    }

    /// Takes in one event that happened at `now` and returns what to do about it.
    public mutating func handle(_ event: EngineEvent, at now: ContinuousClock.Instant) -> [EngineAction] {
        var actions = fireDueTimers(at: now)
        guard !phase.isFinished else { return actions }
        switch event {
        case .tick:
            break
        case .spawned(let pid):
            actions += childSpawned(pid: pid, at: now)
        case .spawnFailed(let reason, let exitCode):
            phase = .failed(exitCode: exitCode)
            actions += [
                .log(.error, reason),
                .report(StatusReport(state: .stopped(exitCode: exitCode), text: "failed: \(reason)")),
                .finish(exitCode: exitCode),
            ]
        case .probeObserved(let index, let passed, let detail):
            actions += probeObserved(index: index, passed: passed, detail: detail, at: now)
        case .progress(let source):
            if phase == .starting { lastProgress = (now, source) }
        case .childMessage(let message):
            actions += childMessage(message, at: now)
        case .stopRequested(let signal):
            actions += stopRequested(by: signal, at: now)
        case .signalReceived(let signal):
            if childRunning {
                actions.append(.log(.info, "passing \(signal) on to the child"))
                actions.append(.signal(signal, .mainProcess))
            }
        case .childExited(let exit):
            actions += childExited(exit, at: now)
        case .livenessChecked(let name, let failure):
            actions += livenessChecked(name, failure: failure, at: now)
        case .workloadSampled(let condition, let counts):
            actions += workloadSampled(condition, counts: counts, at: now)
        case .livenessFatal(let name, let reason):
            actions += livenessFatal(name, reason: reason, at: now)
        case .phaseStarted(let name, let budget):
            runningPhases.removeAll { $0.name == name }
            runningPhases.append((name, budget, now + budget))
            if phase == .starting { lastProgress = (now, .probe) }
        case .phaseFinished(let name):
            runningPhases.removeAll { $0.name == name }
            if phase == .starting { lastProgress = (now, .probe) }
        case .phaseFailed(let name, let reason):
            runningPhases.removeAll { $0.name == name }
            let failure = Failure.phaseFailed(name: name, reason: reason)
            if phase == .starting {
                actions += failStart(failure, at: now)
            } else if phase == .ready {
                actions += failRunning(failure, at: now)
            }
        }
        return actions
    }

    // MARK: - Events

    private mutating func childSpawned(pid: Int32, at now: ContinuousClock.Instant) -> [EngineAction] {
        guard phase == .idle else { return [] }
        phase = .starting
        startedAt = now
        childRunning = true
        lastProgress = (now, nil)
        var actions: [EngineAction] = []
        if configuration.watchdogInterval != nil {
            nextWatchdogAt = now
            actions += fireDueTimers(at: now)
        }
        if probes.isEmpty {
            actions.append(
                .log(.info, "\(configuration.workload.started(pid: pid)); no probe given, so it counts as ready now"))
            return actions + becomeReady(at: now)
        }
        let awaited = probes.map(\.spec.description).joined(separator: ", ")
        actions.append(
            .log(
                .info,
                "\(configuration.workload.started(pid: pid)); waiting for \(awaited), budget \(configuration.startupBudget.humanReadable)"
            ))
        nextHeartbeatAt = now
        return actions + fireDueTimers(at: now)
    }

    private mutating func probeObserved(index: Int, passed: Bool, detail: String, at now: ContinuousClock.Instant)
        -> [EngineAction]
    {
        guard phase == .starting, probes.indices.contains(index), !probes[index].passed else { return [] }
        if probes[index].detail != detail { lastProgress = (now, .probe) }
        probes[index].detail = detail
        guard passed else { return [] }
        probes[index].passed = true
        lastProgress = (now, .probe)
        var actions: [EngineAction] = [.log(.debug, "\(probes[index].spec) passed (\(detail))")]
        if probes.allSatisfy(\.passed) { actions += becomeReady(at: now) }
        return actions
    }

    private mutating func childMessage(_ message: NotifyMessage, at now: ContinuousClock.Instant) -> [EngineAction] {
        if let status = message["STATUS"] { childStatus = status }
        if message["WATCHDOG"] == "trigger" {
            return livenessFatal(Self.watchdogCheck, reason: "the program sent WATCHDOG=trigger", at: now)
        }
        // A ping is told along with whatever else the datagram says (`READY=1\nWATCHDOG=1`).
        let actions = message["WATCHDOG"] == "1" ? childPingedWatchdog(at: now) : []
        guard phase == .starting else { return actions }
        lastProgress = (now, .notify)
        guard message.isReady, let index = probes.firstIndex(where: { $0.spec == .notify && !$0.passed }) else {
            return actions
        }
        return actions + probeObserved(index: index, passed: true, detail: "READY=1", at: now)
    }

    private mutating func becomeReady(at now: ContinuousClock.Instant) -> [EngineAction] {
        phase = .ready
        readyAt = now
        nextHeartbeatAt = nil
        if childFeedsWatchdog, let interval = configuration.watchdogInterval {
            childWatchdogDeadline = now + interval
        }
        let text = statusText(at: now)
        var actions: [EngineAction] = [
            .stopProbing,
            .log(.notice, text),
            .report(StatusReport(state: .ready, text: text)),
        ]
        if !configuration.livenessChecks.isEmpty { actions.append(.startLivenessChecks) }
        return actions
    }

    private mutating func stopRequested(by signal: Signal, at now: ContinuousClock.Instant) -> [EngineAction] {
        switch phase {
        case .starting, .ready:
            let wasStarting = phase == .starting
            // The manager's watchdog fired (SIGABRT, systemd's WatchdogSignal=): the service is judged hung,
            // stopped at once with a plain SIGTERM, and exits as unhealthy.
            let watchdogFired = signal == .abort
            if watchdogFired, failure == nil {
                failure = judged(Self.watchdogCheck, reason: "the manager's watchdog fired (\(signal))")
            }
            let stopSignal = configuration.stopSignal ?? (watchdogFired ? .terminate : signal)
            // Only a service that was getting requests has any to drain.
            let delay = wasStarting || watchdogFired ? Duration.zero : configuration.shutdownDelay
            phase = .stopping
            childWatchdogDeadline = nil
            stop = StopContext(
                requestedBy: signal, since: now, signalsSent: [signal],
                limit: now + delay + configuration.stopTimeout)
            nextHeartbeatAt = now + configuration.heartbeatInterval
            heartbeatsSent += 1
            var actions: [EngineAction] = wasStarting ? [.stopProbing] : []
            let stopping = configuration.workload.stopping(with: stopSignal, limit: configuration.stopTimeout)
            if delay > .zero {
                stop?.drain = (now + delay, stopSignal)
                actions.append(
                    .log(
                        .notice,
                        "\(configuration.workload.received(signal)): /readyz fails from now; after a shutdown delay of \(delay.humanReadable), \(stopping)"
                    ))
            } else {
                actions.append(.log(.notice, "\(configuration.workload.received(signal)): \(stopping)"))
                actions += sendStopSignal(stopSignal, at: now)
            }
            actions.append(
                .report(StatusReport(state: .stopping, text: statusText(at: now), extendBy: extensionLength(at: now))))
            return actions
        case .stopping where signal == .abort:
            return [.log(.notice, "\(signal) received (the manager's watchdog): the stop is already under way")]
        case .stopping where stop?.drain != nil:
            guard let drain = stop?.drain else { return [] }
            stop?.signalsSent.insert(signal)
            return [.log(.notice, "\(configuration.workload.received(signal)) again: the shutdown delay ends now")]
                + sendStopSignal(drain.signal, at: now)
        case .stopping where childRunning:
            stop?.signalsSent.insert(signal)
            return [
                .log(.notice, "\(configuration.workload.received(signal)) again: passing it on"),
                .signal(signal, .processGroup),
            ]
        default:
            return []
        }
    }

    private mutating func childExited(_ exit: ChildExit, at now: ContinuousClock.Instant) -> [EngineAction] {
        childRunning = false
        nextHeartbeatAt = nil
        nextWatchdogAt = nil
        childWatchdogDeadline = nil
        let after = startedAt.map { (now - $0).humanReadable } ?? "0ms"
        let code: Int32
        let level: LogLevel
        let text: String
        if let failure, failure != .stopTimedOut {
            code = failure.exitCode
            level = .error
            text = failureText(failure, at: now)
        } else if let stop, stop.requestedBy != nil {
            let stoppedFor = (now - stop.since).humanReadable
            if case .signaled(let signal) = exit, stop.signalsSent.contains(signal) {
                code = 0
                level = .notice
                text =
                    "stopped: \(configuration.workload.subject) \(configuration.workload.endedOn(signal)), \(stoppedFor) after the stop request"
            } else if case .signaled(.kill) = exit, failure == .stopTimedOut {
                code = exit.shellExitCode
                level = .error
                text =
                    "failed: \(configuration.workload.subject) did not stop within \(configuration.stopTimeout.humanReadable) and \(configuration.workload.wasKilled)"
            } else {
                code = exit.shellExitCode
                level = code == 0 ? .notice : .error
                text = "stopped: \(configuration.workload.subject) \(exit), \(stoppedFor) after the stop request"
            }
        } else if phase == .starting {
            code = exit.shellExitCode == 0 ? 1 : exit.shellExitCode
            level = .error
            text = "failed: \(configuration.workload.subject) \(exit) \(after) after it started, before it was ready"
        } else {
            code = exit.shellExitCode
            level = code == 0 ? .notice : .error
            text =
                "\(code == 0 ? "stopped" : "failed"): \(configuration.workload.subject) \(exit) \(after) after it started"
        }
        phase = level == .error ? .failed(exitCode: code) : .stopped(exitCode: code)
        stop = nil
        return [
            .killTree,
            .log(level, text),
            .report(StatusReport(state: .stopped(exitCode: code), text: text)),
            .finish(exitCode: code),
        ]
    }

    // MARK: - Timers

    private mutating func fireDueTimers(at now: ContinuousClock.Instant) -> [EngineAction] {
        guard !phase.isFinished else { return [] }
        var actions: [EngineAction] = []
        if let killDeadline = stop?.killDeadline, now >= killDeadline {
            return giveUpOnChild(at: now)
        }
        if let drain = stop?.drain, now >= drain.until {
            actions.append(
                .log(
                    .info,
                    "shutdown delay over: \(configuration.workload.stopping(with: drain.signal, limit: configuration.stopTimeout))"
                ))
            actions += sendStopSignal(drain.signal, at: now)
        }
        if let graceDeadline = stop?.graceDeadline, now >= graceDeadline {
            let killDeadline = now + configuration.killWait
            stop?.graceDeadline = nil
            stop?.killDeadline = killDeadline
            if failure == nil { failure = .stopTimedOut }
            nextHeartbeatAt = nil
            actions += [
                .log(
                    .warning,
                    "\(configuration.workload.subject) did not stop within \(configuration.stopTimeout.humanReadable): \(configuration.workload.killing)"
                ),
                .killTree,
            ]
        }
        if phase == .starting || phase == .ready,
            let overrun = runningPhases.first(where: { now >= $0.deadline })
        {
            runningPhases.removeAll { $0.name == overrun.name }
            let reason = Failure.phaseOverran(name: overrun.name, budget: overrun.budget)
            return actions + (phase == .starting ? failStart(reason, at: now) : failRunning(reason, at: now))
        }
        if phase == .starting, let startedAt {
            if now >= startedAt + configuration.startupBudget {
                return actions + failStart(.startupBudgetExceeded, at: now)
            }
            if let timeout = configuration.progressTimeout, let lastProgress, now >= lastProgress.at + timeout {
                return actions + failStart(.noProgress, at: now)
            }
        }
        if let due = nextHeartbeatAt, now >= due {
            let next = due + configuration.heartbeatInterval
            nextHeartbeatAt = next > now ? next : now + configuration.heartbeatInterval
            heartbeatsSent += 1
            let state: ReportedState = phase == .stopping ? .stopping : .starting
            actions.append(
                .report(StatusReport(state: state, text: statusText(at: now), extendBy: extensionLength(at: now))))
        }
        if let due = nextWatchdogAt, let interval = configuration.watchdogInterval, now >= due {
            let half = interval.divided(by: 2)
            let next = due + half
            nextWatchdogAt = next > now ? next : now + half
            // A child that feeds the watchdog itself is relayed as it pings, not on this timer.
            if !(phase == .ready && childFeedsWatchdog) { actions += watchdogPingIfAlive() }
        }
        if let deadline = childWatchdogDeadline, let interval = configuration.watchdogInterval, now >= deadline {
            childWatchdogDeadline = nil
            actions += livenessFatal(
                Self.watchdogCheck, reason: "the program sent no WATCHDOG=1 for \(interval.humanReadable)", at: now)
        }
        return actions
    }

    /// The stop signal goes out now and the grace begins; a stopped program is continued so that it can
    /// act on it.
    private mutating func sendStopSignal(_ signal: Signal, at now: ContinuousClock.Instant) -> [EngineAction] {
        stop?.drain = nil
        stop?.signalsSent.insert(signal)
        let graceDeadline = now + configuration.stopTimeout
        stop?.graceDeadline = graceDeadline
        var actions: [EngineAction] = [.signal(signal, .processGroup)]
        // As systemd does: a stopped program could not act on the signal.
        if configuration.workload == .childProcess { actions.append(.signal(.continue, .processGroup)) }
        return actions
    }

    /// How far a heartbeat sent now may move the manager's deadline: the usual extension, but never past
    /// the start's budget or the stop's limit by more than ``EngineConfiguration/deadlineMargin``; nil once
    /// even that has passed.
    private func extensionLength(at now: ContinuousClock.Instant) -> Duration? {
        let end: ContinuousClock.Instant?
        switch phase {
        case .starting: end = startedAt.map { $0 + configuration.startupBudget }
        case .stopping: end = stop?.limit
        default: end = nil
        }
        guard let end else { return configuration.heartbeatExtension }
        let left = end + EngineConfiguration.deadlineMargin - now
        return left > .zero ? min(configuration.heartbeatExtension, left) : nil
    }

    mutating func failStart(_ reason: Failure, at now: ContinuousClock.Instant) -> [EngineAction] {
        failure = reason
        phase = .stopping
        nextHeartbeatAt = nil
        childWatchdogDeadline = nil
        stop = StopContext(requestedBy: nil, since: now, killDeadline: now + configuration.killWait, limit: now)
        let text = failureText(reason, at: now)
        return [
            .stopProbing,
            .log(.error, text + "; \(configuration.workload.killing)"),
            .report(StatusReport(state: .stopping, text: text)),
            .killTree,
        ]
    }

    /// A failure once ready: the service is stopped the orderly way (stop signal, grace, then SIGKILL)
    /// and exits as failed.
    mutating func failRunning(_ reason: Failure, at now: ContinuousClock.Instant) -> [EngineAction] {
        failure = reason
        phase = .stopping
        childWatchdogDeadline = nil
        stop = StopContext(requestedBy: nil, since: now, limit: now + configuration.stopTimeout)
        nextHeartbeatAt = now + configuration.heartbeatInterval
        heartbeatsSent += 1
        let text = failureText(reason, at: now)
        return [.log(.error, text + "; stopping the service")]
            + sendStopSignal(configuration.stopSignal ?? .terminate, at: now)
            + [.report(StatusReport(state: .stopping, text: text, extendBy: extensionLength(at: now)))]
    }

    private mutating func giveUpOnChild(at now: ContinuousClock.Instant) -> [EngineAction] {
        let code = failure?.exitCode ?? ExitCodes.timeout
        let text =
            "failed: \(configuration.workload.subject) still ran \(configuration.killWait.humanReadable) \(configuration.workload.afterKill); giving up on them"
        phase = .failed(exitCode: code)
        childRunning = false
        nextHeartbeatAt = nil
        nextWatchdogAt = nil
        childWatchdogDeadline = nil
        stop = nil
        return [
            .log(.error, text),
            .report(StatusReport(state: .stopped(exitCode: code), text: text)),
            .finish(exitCode: code),
        ]
    }

    // MARK: - Words

    /// One line for the manager and the terminal: phase, elapsed of budget, what is awaited.
    public func statusText(at now: ContinuousClock.Instant) -> String {
        let elapsed = startedAt.map { now - $0 } ?? .zero
        var text: String
        switch phase {
        case .idle:
            text = "starting"
        case .starting:
            text =
                "starting: \(elapsed.humanReadable) of \(configuration.startupBudget.humanReadable) budget; waiting for "
                + probes.filter { !$0.passed }.map(\.summary).joined(separator: ", ")
        case .ready:
            let readyAfter = readyAt.flatMap { ready in startedAt.map { ready - $0 } } ?? .zero
            text = "ready after \(readyAfter.humanReadable)"
            if !probes.isEmpty { text += ": " + probes.map(\.summary).joined(separator: ", ") }
        case .stopping:
            if let failure, failure != .stopTimedOut { return failureText(failure, at: now) }
            if let drain = stop?.drain {
                return
                    "stopping: /readyz fails while requests drain; \(drain.signal) to \(configuration.workload.subject) in \((drain.until - now).humanReadable)"
            }
            let graceEnds = stop?.graceDeadline ?? now
            let since = configuration.stopTimeout - (graceEnds - now)
            let signals = stop?.signalsSent.map(\.description).sorted().joined(separator: ", ") ?? ""
            text =
                failure == .stopTimedOut
                ? configuration.workload.stopTimedOutStatus(after: configuration.stopTimeout)
                : configuration.workload.stoppingStatus(signals: signals, since: since, remaining: graceEnds - now)
        case .stopped(let code), .failed(let code):
            text = "finished with exit code \(code)"
        }
        if let childStatus, phase == .starting { text += "; child says: \(childStatus)" }
        return text
    }

    private func failureText(_ failure: Failure, at now: ContinuousClock.Instant) -> String {
        let pending = probes.filter { !$0.passed }.map(\.summary).joined(separator: ", ")
        let waiting = pending.isEmpty ? "" : "; still waiting for \(pending)"
        switch failure {
        case .startupBudgetExceeded:
            return "failed: startup budget of \(configuration.startupBudget.humanReadable) exceeded\(waiting)"
        case .noProgress:
            let timeout = configuration.progressTimeout?.humanReadable ?? "?"
            return "failed: no sign of progress (output, CPU, I/O, probe or notify) for \(timeout)\(waiting)"
        case .stopTimedOut:
            return
                "failed: \(configuration.workload.subject) did not stop within \(configuration.stopTimeout.humanReadable)"
        case .phaseFailed(let name, let reason):
            return "failed: the phase '\(name)' failed: \(reason)"
        case .phaseOverran(let name, let budget):
            return "failed: the phase '\(name)' is still running after its budget of \(budget.humanReadable)"
        case .livenessFailed(let name, let reason):
            return "failed: the liveness check '\(name)' failed: \(reason)"
        }
    }
}
