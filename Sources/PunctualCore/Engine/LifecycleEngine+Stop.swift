/// The stop: asked for, or begun by a failure, until the workload ends or punctual gives up on it.
extension LifecycleEngine {
    mutating func stopRequested(by signal: Signal, at now: ContinuousClock.Instant) -> [EngineAction] {
        switch state {
        case .starting, .ready:
            let wasStarting = phase == .starting
            // The manager's watchdog fired (SIGABRT, systemd's WatchdogSignal=): the service is judged hung,
            // stopped at once with a plain SIGTERM, and exits as unhealthy.
            let watchdogFired = signal == .abort
            if watchdogFired, failure == nil { failure = judged(.watchdog(.managerFired(signal))) }
            let stopSignal = configuration.stopSignal ?? (watchdogFired ? .terminate : signal)
            // Only a service that was getting requests has any to drain.
            let delay = wasStarting || watchdogFired ? Duration.zero : configuration.shutdownDelay
            state = .stopping(
                .init(
                    requestedBy: signal, since: now, signalsSent: [signal],
                    step: .draining(until: now + delay, signal: stopSignal),
                    nextHeartbeat: now + configuration.heartbeatInterval, limit: now + delay + configuration.stopTimeout
                ))
            heartbeatsSent += 1
            var actions: [EngineAction] = wasStarting ? [.stopProbing] : []
            actions.append(.log(.notice, .stopRequested(by: signal, stopSignal: stopSignal, delay: delay)))
            if delay == .zero { actions += sendStopSignal(stopSignal, at: now) }
            actions.append(
                .report(.init(state: .stopping, status: status(at: now), extendBy: extensionLength(at: now))))
            return actions
        case .stopping where signal == .abort:
            return [.log(.notice, .stopAlreadyUnderWay(signal))]
        case .stopping(var stopping):
            stopping.signalsSent.insert(signal)
            state = .stopping(stopping)
            if case .draining(_, let stopSignal) = stopping.step {
                return [.log(.notice, .stopRequestedAgain(signal, endsDelay: true))]
                    + sendStopSignal(stopSignal, at: now)
            }
            return [.log(.notice, .stopRequestedAgain(signal, endsDelay: false)), .signal(signal, .processGroup)]
        default:
            return []
        }
    }

    mutating func signalReceived(_ signal: Signal) -> [EngineAction] {
        switch state {
        case .starting, .ready, .stopping: [.log(.info, .passingOn(signal)), .signal(signal, .mainProcess)]
        default: []
        }
    }

    /// The stop signal goes out now and the grace begins; a stopped program is continued so that it can
    /// act on it.
    mutating func sendStopSignal(_ signal: Signal, at now: ContinuousClock.Instant) -> [EngineAction] {
        guard case .stopping(var stopping) = state else { return [] }
        stopping.signalsSent.insert(signal)
        stopping.step = .grace(until: now + configuration.stopTimeout)
        state = .stopping(stopping)
        var actions: [EngineAction] = [.signal(signal, .processGroup)]
        // As systemd does: a stopped program could not act on the signal.
        if configuration.workload == .childProcess { actions.append(.signal(.continue, .processGroup)) }
        return actions
    }

    /// A failure once ready: the service is stopped the orderly way (stop signal, grace, then SIGKILL)
    /// and exits as failed.
    mutating func failRunning(_ reason: LifecycleFailure, at now: ContinuousClock.Instant) -> [EngineAction] {
        failure = reason
        state = .stopping(
            .init(
                requestedBy: nil, since: now, signalsSent: [], step: .grace(until: now),
                nextHeartbeat: now + configuration.heartbeatInterval, limit: now + configuration.stopTimeout))
        heartbeatsSent += 1
        return [.log(.error, .serviceFailed(reason))]
            + sendStopSignal(configuration.stopSignal ?? .terminate, at: now)
            + [.report(.init(state: .stopping, status: status(at: now), extendBy: extensionLength(at: now)))]
    }

    /// The stop's grace ran out: SIGKILL to the tree, and the kill wait begins.
    mutating func killAfterStopTimeout(at now: ContinuousClock.Instant) -> [EngineAction] {
        guard case .stopping(var stopping) = state else { return [] }
        stopping.step = .killed(until: now + configuration.killWait)
        stopping.nextHeartbeat = nil
        state = .stopping(stopping)
        if failure == nil { failure = .stopTimedOut }
        return [.log(.warning, .killingAfterStopTimeout), .killTree]
    }

    mutating func workloadEnded(_ outcome: WorkloadOutcome, at now: ContinuousClock.Instant) -> [EngineAction] {
        nextWatchdogAt = nil
        let after = elapsed(at: now)
        let code: Int32
        let status: LifecycleFact
        if let failure, failure != .stopTimedOut {
            code = failure.exitCode
            status = .failed(failure, pending: pending)
        } else if case .stopping(let stopping) = state, stopping.requestedBy != nil {
            let stoppedFor = now - stopping.since
            if case .process(.signaled(let signal)) = outcome, stopping.signalsSent.contains(signal) {
                code = 0
                status = .ended(outcome, .onStopSignal(signal, after: stoppedFor))
            } else if outcome.wasForced, failure == .stopTimedOut {
                code = outcome.exitCode
                status = .ended(outcome, .killedAfterStopTimeout)
            } else {
                code = outcome.exitCode
                status = .ended(outcome, .afterStopRequest(after: stoppedFor))
            }
        } else if case .starting = state {
            code = outcome.exitCode == 0 ? 1 : outcome.exitCode
            status = .ended(outcome, .beforeReady(after: after))
        } else {
            code = outcome.exitCode
            status = .ended(outcome, .onItsOwn(after: after, failed: code != 0))
        }
        let failed = status.countsAsFailure(exitCode: code)
        state = .finished(exitCode: code, failed: failed)
        return [
            .killTree,
            .log(failed ? .error : .notice, status),
            .report(.init(state: .stopped(exitCode: code), status: status)),
            .finish(exitCode: code),
        ]
    }

    /// The tree outlived the kill by the whole kill wait: punctual gives up on it and finishes.
    mutating func giveUp() -> [EngineAction] {
        let code = failure?.exitCode ?? ExitCodes.timeout
        state = .finished(exitCode: code, failed: true)
        nextWatchdogAt = nil
        return [
            .log(.error, .gaveUp),
            .report(.init(state: .stopped(exitCode: code), status: .gaveUp)),
            .finish(exitCode: code),
        ]
    }

    /// How far a heartbeat sent now may move the manager's deadline: the usual extension, but never past
    /// the start's budget or the stop's limit by more than ``EngineConfiguration/deadlineMargin``; nil once
    /// even that has passed.
    func extensionLength(at now: ContinuousClock.Instant) -> Duration? {
        let end: ContinuousClock.Instant?
        switch state {
        case .starting: end = startedAt.map { $0 + configuration.startupBudget }
        case .stopping(let stopping): end = stopping.limit
        default: end = nil
        }
        guard let end else { return configuration.heartbeatExtension }
        let left = end + EngineConfiguration.deadlineMargin - now
        return left > .zero ? min(configuration.heartbeatExtension, left) : nil
    }
}

extension LifecycleFact {
    /// Whether a workload that ended this way, with this code, failed.
    func countsAsFailure(exitCode: Int32) -> Bool {
        switch self {
        case .failed, .gaveUp: true
        case .ended(_, .onStopSignal): false
        case .ended(_, .killedAfterStopTimeout), .ended(_, .beforeReady): true
        default: exitCode != 0
        }
    }
}
