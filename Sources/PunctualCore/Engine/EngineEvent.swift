/// Something that happened, as the engine hears it.
public enum EngineEvent: Sendable, Equatable {
    /// The child process exists.
    case spawned(pid: Int32)
    /// The child could not be started; the exit code says why (126, 127).
    case spawnFailed(reason: String, exitCode: Int32)
    /// A probe was asked (or heard from) and answered; `detail` says what it saw.
    case probeObserved(index: Int, passed: Bool, detail: String)
    /// Evidence that the start is alive.
    case progress(ProgressSource)
    /// The child spoke the notify protocol to punctual.
    case childMessage(NotifyMessage)
    /// The manager or the user asked for a stop, with this signal.
    case stopRequested(Signal)
    /// A signal to pass on to the child's main process (HUP, QUIT, USR1, USR2).
    case signalReceived(Signal)
    /// The child's main process ended.
    case childExited(ChildExit)
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
    /// What the child's main process was doing when looked at: in a round of liveness checks (`counts`),
    /// or just before a watchdog ping, which it may withhold but which counts for no verdict.
    case workloadSampled(WorkloadCondition, counts: Bool)
    /// Time passed.
    case tick
}

/// Whether the supervised process can run at all, whatever its checks say.
public enum WorkloadCondition: Sendable, Equatable {
    /// Running or waiting, as a healthy process does.
    case running
    /// Stopped by a signal or a debugger (state `T` or `t`): it answers nothing until continued.
    case stopped
    /// Ended and not yet reaped (state `Z`): it will never answer again.
    case zombie

    /// The name a liveness check of the process itself goes by.
    public static let checkName = "process"

    /// Why a process in this condition is not alive; nil when it is.
    public var failure: String? {
        switch self {
        case .running: nil
        case .stopped: "the program is stopped (state T)"
        case .zombie: "the program has ended but was not reaped (state Z)"
        }
    }
}

/// Where evidence of progress came from.
public enum ProgressSource: String, Sendable, Equatable {
    case output
    case cpu
    case io
    case probe
    case notify
}

/// How the child's main process ended.
public enum ChildExit: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Signal)
    /// The process that watched the child ended without saying how the child did.
    case lost

    /// The shell's convention: the exit code, or 128 + the signal number.
    public var shellExitCode: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal.number
        case .lost: ExitCodes.internalError
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exited with code \(code)"
        case .signaled(let signal): "was killed by \(signal)"
        case .lost: "was lost track of (its keeper process ended)"
        }
    }
}
