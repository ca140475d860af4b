/// The start: from the workload's start to ready, or to a failed start.
extension LifecycleEngine {
    mutating func workloadStarted(pid: Int32?, at now: ContinuousClock.Instant) -> [EngineAction] {
        guard case .idle = state else { return [] }
        startedAt = now
        state = .starting(.init(lastProgress: (now, nil), nextHeartbeat: now))
        if configuration.watchdogInterval != nil { nextWatchdogAt = now }
        var actions: [EngineAction] = [.log(.info, .started(pid: pid, awaiting: probes.map(\.spec)))]
        if probes.isEmpty { actions += becomeReady(at: now) }
        return actions + fireDueTimers(at: now)
    }

    mutating func cannotStart(reason: String, exitCode: Int32) -> [EngineAction] {
        let failure = LifecycleFailure.cannotStart(reason: reason, exitCode: exitCode)
        self.failure = failure
        state = .finished(exitCode: exitCode, failed: true)
        return [
            .log(.error, .cannotStart(reason: reason)),
            .report(.init(state: .stopped(exitCode: exitCode), status: .failed(failure, pending: []))),
            .finish(exitCode: exitCode),
        ]
    }

    /// Evidence of progress counts only while starting.
    mutating func progressSeen(_ source: ProgressSource, at now: ContinuousClock.Instant) {
        guard case .starting(var starting) = state else { return }
        longestQuiet = max(longestQuiet, now - starting.lastProgress.at)
        starting.lastProgress = (now, source)
        state = .starting(starting)
    }

    mutating func readinessObserved(_ spec: ProbeSpec, holds: Bool, detail: String, at now: ContinuousClock.Instant)
        -> [EngineAction]
    {
        guard case .starting = state, let index = probes.firstIndex(where: { $0.spec == spec && !$0.passed }) else {
            return []
        }
        if probes[index].detail != detail { progressSeen(.probe, at: now) }
        probes[index].detail = detail
        guard holds else { return [] }
        probes[index].passed = true
        progressSeen(.probe, at: now)
        var actions: [EngineAction] = [.log(.debug, .conditionHolds(spec, detail: detail))]
        if probes.allSatisfy(\.passed) { actions += becomeReady(at: now) }
        return actions
    }

    mutating func childMessage(_ message: NotifyMessage, at now: ContinuousClock.Instant) -> [EngineAction] {
        if let status = message["STATUS"] { childStatus = status }
        if message["WATCHDOG"] == "trigger" { return livenessFatal(.watchdog(.triggered), at: now) }
        // A ping is told along with whatever else the datagram says (`READY=1\nWATCHDOG=1`).
        let actions = message["WATCHDOG"] == "1" ? childPingedWatchdog(at: now) : []
        guard case .starting = state else { return actions }
        progressSeen(.notify, at: now)
        guard message.isReady else { return actions }
        return actions + readinessObserved(.notify, holds: true, detail: "READY=1", at: now)
    }

    mutating func becomeReady(at now: ContinuousClock.Instant) -> [EngineAction] {
        readyAt = now
        if case .starting(let starting) = state { longestQuiet = max(longestQuiet, now - starting.lastProgress.at) }
        var ready = LifecycleState.Ready()
        if childFeedsWatchdog, let interval = configuration.watchdogInterval {
            ready.childWatchdogDeadline = now + interval
        }
        state = .ready(ready)
        let status = self.status(at: now)
        var actions: [EngineAction] = [
            .stopProbing, .log(.notice, status), .report(.init(state: .ready, status: status)),
        ]
        if !configuration.livenessChecks.isEmpty { actions.append(.startLivenessChecks) }
        return actions
    }

    /// The start failed: the tree is killed at once, and punctual waits for it to end.
    mutating func failStart(_ reason: LifecycleFailure, at now: ContinuousClock.Instant) -> [EngineAction] {
        failure = reason
        if case .starting(let starting) = state { longestQuiet = max(longestQuiet, now - starting.lastProgress.at) }
        state = .stopping(
            .init(
                requestedBy: nil, since: now, signalsSent: [], step: .killed(until: now + configuration.killWait),
                nextHeartbeat: nil, limit: now))
        return [
            .stopProbing,
            .log(.error, .startFailed(reason, pending: pending)),
            .report(.init(state: .stopping, status: .failed(reason, pending: pending))),
            .killTree,
        ]
    }

    /// A failure: a start fails, a ready service is stopped the orderly way; later it changes nothing.
    mutating func fail(_ reason: LifecycleFailure, at now: ContinuousClock.Instant) -> [EngineAction] {
        switch state {
        case .starting: failStart(reason, at: now)
        case .ready: failRunning(reason, at: now)
        default: []
        }
    }
}
