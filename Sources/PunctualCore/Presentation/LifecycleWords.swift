/// Puts the engine's facts into words: the one place that decides what `STATUS=`, the terminal, the
/// log and the Event Log say about a service's lifecycle.
package struct LifecycleWords: Sendable {
    /// The limits the words quote (budget, stop timeout) and the workload they name.
    package let configuration: EngineConfiguration

    package init(_ configuration: EngineConfiguration) { self.configuration = configuration }

    private var workload: WorkloadKind { configuration.workload }
    private var subject: String { workload.subject }

    /// The report for the manager, its status in words.
    package func report(_ report: EngineReport) -> StatusReport {
        StatusReport(state: report.state, text: line(report.status), extendBy: report.extendBy)
    }

    /// One line for `fact`.
    package func line(_ fact: LifecycleFact) -> String {
        switch fact {
        case .notStarted:
            "starting"
        case .waiting(let elapsed, let pending, let programSays):
            "starting: \(elapsed.humanReadable) of \(configuration.startupBudget.humanReadable) budget; waiting for "
                + list(pending) + (programSays.map { "; child says: \($0)" } ?? "")
        case .ready(let after, let conditions):
            "ready after \(after.humanReadable)" + (conditions.isEmpty ? "" : ": " + list(conditions))
        case .draining(let signal, let remaining):
            "stopping: /readyz fails while requests drain; \(signal) to \(subject) in \(remaining.humanReadable)"
        case .stopping(let signals, let since, let remaining):
            workload.stoppingStatus(
                signals: signals.map(\.description).joined(separator: ", "), since: since, remaining: remaining)
        case .stopForced:
            workload.stopTimedOutStatus(after: configuration.stopTimeout)
        case .failed(let failure, let pending):
            failed(failure, pending: pending)
        case .ended(let outcome, let circumstance):
            ended(outcome, circumstance)
        case .gaveUp:
            "failed: \(subject) still ran \(configuration.killWait.humanReadable) \(workload.afterKill); giving up on them"
        case .finished(let code):
            "finished with exit code \(code)"
        case .cannotStart(let reason):
            reason
        case .started(let pid, let awaiting):
            workload.started(pid: pid)
                + (awaiting.isEmpty
                    ? "; no probe given, so it counts as ready now"
                    : "; waiting for \(awaiting.map(\.description).joined(separator: ", ")), budget \(configuration.startupBudget.humanReadable)")
        case .conditionHolds(let spec, let detail):
            "\(spec) passed (\(detail))"
        case .probeMisconfigured(let spec, let reason):
            "\(spec) cannot pass as it is set: \(reason); check its user, password or password file"
        case .passingOn(let signal):
            "passing \(signal) on to the child"
        case .stopRequested(let signal, let stopSignal, let delay):
            "\(workload.received(signal)): "
                + (delay > .zero ? "/readyz fails from now; after a shutdown delay of \(delay.humanReadable), " : "")
                + stopping(stopSignal)
        case .stopAlreadyUnderWay(let signal):
            "\(signal) received (the manager's watchdog): the stop is already under way"
        case .stopRequestedAgain(let signal, let endsDelay):
            "\(workload.received(signal)) again: " + (endsDelay ? "the shutdown delay ends now" : "passing it on")
        case .shutdownDelayOver(let signal):
            "shutdown delay over: \(stopping(signal))"
        case .killingAfterStopTimeout:
            "\(subject) did not stop within \(configuration.stopTimeout.humanReadable): \(workload.killing)"
        case .startFailed(let failure, let pending):
            failed(failure, pending: pending) + "; \(workload.killing)"
        case .serviceFailed(let failure):
            failed(failure, pending: []) + "; stopping the service"
        case .checkFailing(let name, let reason, let pingsWithheld):
            "liveness check '\(name)' failed: \(reason)"
                + (pingsWithheld ? "; watchdog pings withheld while it fails" : "")
        case .checkPassesAgain(let name):
            "liveness check '\(name)' passes again"
        }
    }

    private func list(_ conditions: [ProbeState]) -> String {
        conditions.map(\.summary).joined(separator: ", ")
    }

    private func stopping(_ signal: Signal) -> String {
        workload.stopping(with: signal, limit: configuration.stopTimeout)
    }

    private func failed(_ failure: LifecycleFailure, pending: [ProbeState]) -> String {
        let waiting = pending.isEmpty ? "" : "; still waiting for \(list(pending))"
        switch failure {
        case .cannotStart(let reason, _):
            return "failed: \(reason)"
        case .startupBudgetExceeded:
            return "failed: startup budget of \(configuration.startupBudget.humanReadable) exceeded\(waiting)"
        case .noProgress:
            let timeout = configuration.progressTimeout?.humanReadable ?? "?"
            return "failed: no sign of progress (output, CPU, I/O, probe or notify) for \(timeout)\(waiting)"
        case .stopTimedOut:
            return "failed: \(subject) did not stop within \(configuration.stopTimeout.humanReadable)"
        case .phaseFailed(let name, let reason):
            return "failed: the phase '\(name)' failed: \(reason)"
        case .phaseOverran(let name, let budget):
            return "failed: the phase '\(name)' is still running after its budget of \(budget.humanReadable)"
        case .livenessFailed(let name, let reason, let inARow):
            let times = inARow > 1 ? " (\(inARow) times in a row)" : ""
            return "failed: the liveness check '\(name)' failed: \(reason)\(times)"
        case .watchdog(let verdict):
            return "failed: the liveness check '\(WatchdogVerdict.checkName)' failed: \(verdict)"
        }
    }

    private func ended(_ outcome: WorkloadOutcome, _ circumstance: EndCircumstance) -> String {
        switch circumstance {
        case .onStopSignal(let signal, let after):
            "stopped: \(subject) \(workload.endedOn(signal)), \(after.humanReadable) after the stop request"
        case .afterStopRequest(let after):
            "stopped: \(subject) \(outcome), \(after.humanReadable) after the stop request"
        case .killedAfterStopTimeout:
            "failed: \(subject) did not stop within \(configuration.stopTimeout.humanReadable) and \(workload.wasKilled)"
        case .beforeReady(let after):
            "failed: \(subject) \(outcome) \(after.humanReadable) after it started, before it was ready"
        case .onItsOwn(let after, let failed):
            "\(failed ? "failed" : "stopped"): \(subject) \(outcome) \(after.humanReadable) after it started"
        }
    }
}

extension LifecycleEngine {
    /// Where the service stands at `now`, in words.
    package func statusLine(at now: ContinuousClock.Instant) -> String {
        LifecycleWords(configuration).line(status(at: now))
    }
}
