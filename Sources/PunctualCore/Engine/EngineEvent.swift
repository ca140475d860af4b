/// Something that happened, as the engine hears it.
///
/// The workload is what punctual supervises: a child process for `punctual run`, a group of Swift
/// services for the library. Both speak the same events.
package enum EngineEvent: Sendable, Equatable {
    /// The workload began: a child process with its pid, or services in this process (no pid).
    case workloadStarted(pid: Int32?)
    /// The workload could not be started; the exit code says why (126, 127).
    case workloadFailedToStart(reason: String, exitCode: Int32)
    /// A readiness condition was asked (or heard from): it holds, or not yet; `detail` says what was seen.
    case readinessObserved(ProbeSpec, holds: Bool, detail: String)
    /// A probe cannot pass as it is set (a refused login, a missing password file): waiting will not
    /// help, so the user hears it at once, each time it starts being so.
    case probeMisconfigured(ProbeSpec, reason: String)
    /// Evidence that the start is alive.
    case progress(ProgressSource)
    /// The program spoke the notify protocol to punctual.
    case childMessage(NotifyMessage)
    /// The manager or the user asked for a stop, with this signal.
    case stopRequested(Signal)
    /// A signal to pass on to the workload's main process (HUP, QUIT, USR1, USR2).
    case signalReceived(Signal)
    /// The workload ended.
    case workloadEnded(WorkloadOutcome)
    /// A piece of work with a budget of its own began (a startup phase); overrunning it fails the service.
    case phaseStarted(name: String, budget: Duration)
    /// That piece of work ended.
    case phaseFinished(name: String)
    /// That piece of work failed: the service cannot go on.
    case phaseFailed(name: String, reason: String)
    /// A liveness check ran: nil failure means it passed.
    case livenessChecked(name: String, failure: String?)
    /// A liveness check whose failure the service cannot survive failed.
    case livenessFatal(name: String, reason: String)
    /// What the program's main process was doing when looked at: in a round of liveness checks
    /// (`counts`), or just before a watchdog ping, which it may withhold but which counts for no verdict.
    case workloadSampled(WorkloadCondition, counts: Bool)
    /// Time passed.
    case tick
}

/// How a workload ended.
package enum WorkloadOutcome: Sendable, Equatable {
    /// A child process ended.
    case process(ChildExit)
    /// In-process services returned.
    case returned
    /// In-process services ended with an error.
    case threw
    /// In-process services were cancelled, as a process is killed.
    case cancelled

    /// The exit code it stands for: a process's own (or 128 + the signal), 0 for services that
    /// returned, 1 for an error, 137 (as SIGKILL) for cancelled services.
    package var exitCode: Int32 {
        switch self {
        case .process(let exit): exit.shellExitCode
        case .returned: 0
        case .threw: 1
        case .cancelled: 128 + Signal.kill.number
        }
    }

    /// Whether punctual forced this end: SIGKILL, or cancellation.
    var wasForced: Bool {
        switch self {
        case .process(.signaled(.kill)), .cancelled: true
        default: false
        }
    }
}

/// Whether the supervised process can run at all, whatever its checks say.
package enum WorkloadCondition: Sendable, Equatable {
    /// Running or waiting, as a healthy process does.
    case running
    /// Stopped by a signal or a debugger (state `T` or `t`): it answers nothing until continued.
    case stopped
    /// Ended and not yet reaped (state `Z`): it will never answer again.
    case zombie

    /// The name a liveness check of the process itself goes by.
    package static let checkName = "process"
}

/// Where evidence of progress came from.
package enum ProgressSource: String, Sendable, Equatable {
    case output
    case cpu
    case io
    case probe
    case notify
}

/// How the child's main process ended.
package enum ChildExit: Sendable, Equatable {
    case exited(Int32)
    case signaled(Signal)
    /// The process that watched the child ended without saying how the child did.
    case lost

    /// The shell's convention: the exit code, or 128 + the signal number.
    package var shellExitCode: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal.number
        case .lost: ExitCodes.internalError
        }
    }
}
