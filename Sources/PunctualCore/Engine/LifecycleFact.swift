/// What the engine tells the manager and the log, as data: the presentation layer
/// (``LifecycleWords``) puts each fact into words for `STATUS=`, the terminal and the Event Log.
package enum LifecycleFact: Sendable, Equatable {
    // MARK: Where the service stands (status lines)

    /// Nothing started yet.
    case notStarted
    /// The start is under way: these conditions do not hold yet; the program's own `STATUS=`, if any.
    case waiting(elapsed: Duration, pending: [ProbeState], programSays: String?)
    /// Every condition holds, `after` the start.
    case ready(after: Duration, conditions: [ProbeState])
    /// The shutdown delay: `/readyz` fails; `signal` goes out in `remaining`.
    case draining(signal: Signal, remaining: Duration)
    /// The stop signals went out `since` ago; the workload is killed in `remaining`.
    case stopping(signals: [Signal], since: Duration, remaining: Duration)
    /// The stop's grace ran out and the workload was killed.
    case stopForced
    /// The start or the service failed.
    case failed(LifecycleFailure, pending: [ProbeState])
    /// The workload ended; how it ended and why it counts as stopped or failed.
    case ended(WorkloadOutcome, EndCircumstance)
    /// The workload outlived the kill by the whole kill wait; punctual gave up on it.
    case gaveUp
    /// Punctual is done, with this exit code.
    case finished(exitCode: Int32)

    // MARK: What just happened (log lines)

    /// The workload could not be started.
    case cannotStart(reason: String)
    /// The workload started; these conditions are awaited (none: it is ready at once).
    case started(pid: Int32?, awaiting: [ProbeSpec])
    /// One readiness condition came to hold.
    case conditionHolds(ProbeSpec, detail: String)
    /// A probe cannot pass as it is set.
    case probeMisconfigured(ProbeSpec, reason: String)
    /// A signal passed on to the workload's main process.
    case passingOn(Signal)
    /// A stop was asked for with `signal`: after `delay`, `stopSignal` goes out.
    case stopRequested(by: Signal, stopSignal: Signal, delay: Duration)
    /// The manager's watchdog fired while the stop was already under way.
    case stopAlreadyUnderWay(Signal)
    /// A second stop request: it ends the shutdown delay, or is passed on.
    case stopRequestedAgain(Signal, endsDelay: Bool)
    /// The shutdown delay is over: `signal` goes out.
    case shutdownDelayOver(signal: Signal)
    /// The workload did not stop within the stop timeout: its tree is being killed.
    case killingAfterStopTimeout
    /// The start failed: the workload's tree is being killed.
    case startFailed(LifecycleFailure, pending: [ProbeState])
    /// The ready service failed: it is stopped the orderly way.
    case serviceFailed(LifecycleFailure)
    /// A liveness check began failing; `pingsWithheld` when a watchdog listens.
    case checkFailing(name: String, reason: String, pingsWithheld: Bool)
    /// A liveness check passes again.
    case checkPassesAgain(name: String)
}

/// How the workload's end came about, which decides whether it counts as stopped or failed.
package enum EndCircumstance: Sendable, Equatable {
    /// It ended on a stop signal it was sent, `after` the stop request.
    case onStopSignal(Signal, after: Duration)
    /// It ended some other way `after` the stop request.
    case afterStopRequest(after: Duration)
    /// It did not stop within the stop timeout and was killed.
    case killedAfterStopTimeout
    /// It ended `after` the start, before it was ready.
    case beforeReady(after: Duration)
    /// It ended on its own `after` the start; `failed` when its code was not 0.
    case onItsOwn(after: Duration, failed: Bool)
}
