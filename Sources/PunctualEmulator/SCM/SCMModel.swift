import PunctualCore

/// A model of the Windows Service Control Manager, and of a control program (sc, net start) waiting
/// on it, following Microsoft's documented rules. Pure: events in, actions out, time passed in.
package struct SCMModel: Sendable {
    /// Something that happened to the service, or was asked of it.
    package enum Event: Sendable, Equatable {
        /// The service's process exists (StartService created it).
        case processStarted
        /// The process called StartServiceCtrlDispatcher.
        case dispatcherConnected
        /// The service called SetServiceStatus.
        case statusReported(ServiceStatus)
        /// The service's handler returned from a control.
        case controlHandled(ServiceControl, handled: Bool)
        /// The process ended with this exit code.
        case processExited(Int32)
        /// A user asked to stop the service (sc stop).
        case stopRequested
        /// The system is shutting down.
        case shutdownRequested
        case tick
    }

    /// What the emulator must do.
    package enum Action: Sendable, Equatable {
        /// Deliver a control to the service's handler.
        case sendControl(ServiceControl)
        /// TerminateProcess: the SCM gave up on the service.
        case terminateProcess
        /// A failure action: start the service again.
        case restartService
    }

    package let settings: SCMSettings
    package private(set) var timeline: [TimelineEntry] = []
    /// The SCM's view of the service; nil until the dispatcher connects.
    package private(set) var status: ServiceStatus?
    package private(set) var runningAt: Duration?
    /// When the service reported RUNNING accepting STOP: ready in the full sense.
    package private(set) var readyAt: Duration?
    package private(set) var stoppedAt: Duration?
    /// Times a control program gave up on a pending service.
    package private(set) var missedHints = 0
    /// Checkpoints that moved while pending.
    package private(set) var checkpoints = 0
    /// The first failure a user would have seen; the run may go on after it.
    package private(set) var failure: Verdict?
    /// Whether nothing more can happen: the process is gone and no restart is due.
    package private(set) var isFinished = false

    private var origin: ContinuousClock.Instant?
    private var connectDeadline: Duration?
    private var lastStatusAt: Duration = .zero
    private var lastProgressAt: Duration = .zero
    /// When the waiting control program (sc start, sc stop) looks next; nil when none waits.
    private var nextPoll: Duration?
    private var pendingControl: (control: ServiceControl, since: Duration)?
    /// Controls waiting for the handler to return from the one before: the SCM sends one at a time.
    private var queuedControls: [ServiceControl] = []
    private var shutdownDeadline: Duration?
    private var crashes = 0
    private var restartAt: Duration?
    /// A control program waits for STOPPED (sc stop, net stop).
    private var waitingForStop = false
    /// A stop was refused (1061) because the service accepted no STOP yet; the user tries again when it does.
    private var stopDeferred = false

    package init(settings: SCMSettings) { self.settings = settings }

    /// The next moment the model must be ticked.
    package var nextDeadline: ContinuousClock.Instant? {
        guard let origin, !isFinished else { return nil }
        var candidates = [connectDeadline, nextPoll, shutdownDeadline, restartAt]
        if let pendingControl { candidates.append(pendingControl.since + settings.handlerTimeout) }
        if let status, status.state.isPending, stoppedAt == nil { candidates.append(unresponsiveDeadline) }
        return candidates.compactMap { $0 }.min().map { origin + $0 }
    }

    /// What a real SCM and a waiting control program would have concluded so far.
    package var conclusion: Verdict {
        if let failure { return failure }
        if let stoppedAt {
            return Verdict(
                succeeded: runningAt != nil,
                headline:
                    "RUNNING at \((readyAt ?? runningAt ?? .zero).humanReadable), \(checkpoints) checkpoint\(checkpoints == 1 ? "" : "s"), no wait hint"
                    + " missed; STOPPED cleanly at \(stoppedAt.humanReadable)")
        }
        if let readyAt {
            return Verdict(
                succeeded: true,
                headline:
                    "RUNNING at \(readyAt.humanReadable), \(checkpoints) checkpoint\(checkpoints == 1 ? "" : "s"), no wait hint missed"
            )
        }
        if let runningAt {
            return Verdict(
                succeeded: true, headline: "RUNNING at \(runningAt.humanReadable), not yet accepting controls")
        }
        return Verdict(succeeded: false, headline: "never reached RUNNING", code: "1053")
    }

    private var unresponsiveDeadline: Duration {
        lastStatusAt + settings.unresponsiveLimit + (status?.waitHint ?? .zero)
    }

    package mutating func handle(_ event: Event, at instant: ContinuousClock.Instant) -> [Action] {
        if origin == nil { origin = instant }
        let now = instant - (origin ?? instant)
        var actions = fireTimers(at: now)
        guard !isFinished || event == .processStarted else { return actions }
        switch event {
        case .tick: break
        case .processStarted: processStarted(at: now)
        case .dispatcherConnected: dispatcherConnected(at: now)
        case .statusReported(let reported): actions += statusReported(reported, at: now)
        case .controlHandled(let control, let handled):
            pendingControl = nil
            let answer = handled ? "NO_ERROR" : "ERROR_CALL_NOT_IMPLEMENTED"
            note(now, "service", .note, "the handler returned from \(control): \(answer)")
            if !queuedControls.isEmpty { actions += deliver(queuedControls.removeFirst(), at: now) }
        case .processExited(let code): processExited(code, at: now)
        case .stopRequested: actions += requestStop(at: now)
        case .shutdownRequested: actions += shutdown(at: now)
        }
        return actions
    }

    // MARK: - Start

    /// A new process: everything known about the previous one is forgotten, except the failures seen.
    private mutating func processStarted(at now: Duration) {
        isFinished = false
        restartAt = nil
        status = nil
        runningAt = nil
        readyAt = nil
        stoppedAt = nil
        pendingControl = nil
        queuedControls = []
        nextPoll = nil
        waitingForStop = false
        stopDeferred = false
        connectDeadline = now + settings.pipeTimeout
        note(
            now, "scm", .note,
            "StartService: process created; it has \(settings.pipeTimeout.humanReadable) to call"
                + " StartServiceCtrlDispatcher (ServicesPipeTimeout)",
            deadline: connectDeadline)
    }

    private mutating func dispatcherConnected(at now: Duration) {
        guard connectDeadline != nil else { return }
        connectDeadline = nil
        let initial = ServiceStatus(
            state: .startPending, waitHintMilliseconds: ServiceStatus.initialWaitHintMilliseconds)
        status = initial
        lastStatusAt = now
        lastProgressAt = now
        nextPoll = now + SCMSettings.pollInterval(forHint: initial.waitHint)
        note(
            now, "scm", .status,
            "the dispatcher connected after \(now.humanReadable): START_PENDING, checkpoint 0, wait hint 2s",
            deadline: now + initial.waitHint)
    }

    private mutating func statusReported(_ reported: ServiceStatus, at now: Duration) -> [Action] {
        guard let previous = status else {
            note(now, "scm", .error, "SetServiceStatus before the dispatcher connected is refused")
            return []
        }
        guard stoppedAt == nil else {
            note(now, "scm", .error, "a report after STOPPED: on Windows the process may crash here")
            return []
        }
        status = reported
        lastStatusAt = now
        let sameState = reported.state == previous.state
        let moved = !sameState || reported.checkPoint > previous.checkPoint
        if moved { lastProgressAt = now }
        if reported.state.isPending && sameState && reported.checkPoint > previous.checkPoint { checkpoints += 1 }
        if !reported.state.isPending && reported.checkPoint != 0 {
            note(now, "scm", .note, "checkpoint \(reported.checkPoint) outside a pending state: it should be 0")
        }
        if reported.state == .startPending && !reported.controlsAccepted.isEmpty {
            note(now, "scm", .note, "controls accepted while START_PENDING: Microsoft warns the service can crash")
        }
        note(
            now, "service", reported.state.isPending && moved ? .heartbeat : .status, "SetServiceStatus \(reported)",
            deadline: reported.state.isPending ? now + reported.waitHint : nil)
        switch reported.state {
        case .running:
            if !waitingForStop { nextPoll = nil }
            return reachedRunning(reported, at: now)
        case .stopped:
            nextPoll = nil
            stopped(reported, at: now)
        default:
            break
        }
        return []
    }

    private mutating func reachedRunning(_ reported: ServiceStatus, at now: Duration) -> [Action] {
        if runningAt == nil {
            runningAt = now
            if reported.controlsAccepted.isEmpty {
                note(
                    now, "scm", .ready,
                    "RUNNING, no controls accepted: the service lock is released; it cannot be stopped yet")
            }
        }
        if readyAt == nil && reported.controlsAccepted.contains(.stop) {
            readyAt = now
            note(now, "scm", .ready, "RUNNING at \(now.humanReadable), accepting \(reported.controlsAccepted)")
        }
        guard stopDeferred, reported.controlsAccepted.contains(.stop) else { return [] }
        stopDeferred = false
        note(now, "sc", .control, "the service accepts STOP now: sc stop again")
        return requestStop(at: now)
    }

    // MARK: - Timers

    private mutating func fireTimers(at now: Duration) -> [Action] {
        guard !isFinished else { return [] }
        if let deadline = connectDeadline, now >= deadline {
            connectDeadline = nil
            return connectTimedOut(at: deadline)
        }
        if let control = pendingControl, now >= control.since + settings.handlerTimeout {
            pendingControl = nil
            queuedControls = []
            note(
                now, "scm", .error,
                SCMTexts.event7011(settings.serviceName, milliseconds: settings.handlerTimeout.milliseconds))
            fail(
                Verdict(
                    succeeded: false,
                    headline:
                        "1053: the handler did not return from \(control.control) within \(settings.handlerTimeout.humanReadable)",
                    code: "1053", events: ["7011"],
                    fix: "return from the control handler at once; do the work on another thread"),
                endsRun: false)
            return []
        }
        if let deadline = shutdownDeadline, now >= deadline {
            shutdownDeadline = nil
            note(now, "scm", .signal, "shutdown waits no longer: the process is ended")
            fail(
                Verdict(
                    succeeded: false, headline: "ended by shutdown at \(now.humanReadable) before it had stopped",
                    code: "shutdown", fix: "stop faster, or raise the preshutdown timeout of the service"))
            return [.terminateProcess]
        }
        if let at = restartAt, now >= at {
            restartAt = nil
            note(now, "scm", .note, "failure action: the service is started again")
            return [.restartService]
        }
        if let status, status.state.isPending, stoppedAt == nil, now >= unresponsiveDeadline {
            let starting = status.state == .startPending
            note(
                now, "scm", .error,
                starting
                    ? SCMTexts.event7022(settings.serviceName) : "the \(settings.serviceName) service hung on stopping")
            fail(
                Verdict(
                    succeeded: false,
                    headline:
                        "the SCM gave up at \(now.humanReadable): no report for \(settings.unresponsiveLimit.humanReadable) plus the wait hint",
                    code: "1053", events: starting ? ["7022"] : [],
                    fix: "report progress while pending (punctual run reports a new checkpoint every 2.5s)"))
            return [.terminateProcess]
        }
        if let poll = nextPoll, now >= poll { controlProgramPolls(at: now) }
        return []
    }

    private mutating func connectTimedOut(at deadline: Duration) -> [Action] {
        note(
            deadline, "scm", .error,
            SCMTexts.event7009(settings.serviceName, milliseconds: settings.pipeTimeout.milliseconds))
        note(deadline, "scm", .error, SCMTexts.event7000(settings.serviceName, error: 1053))
        fail(
            Verdict(
                succeeded: false,
                headline: "fails with 1053 at \(deadline.humanReadable): the process never connected to the SCM",
                code: "1053", events: ["7009", "7000"],
                fix: "call StartServiceCtrlDispatcher before any slow initialisation, or wrap the program:"
                    + " punctual run --ready tcp:HOST:PORT -- COMMAND (punctual connects at once and reports progress)")
        )
        return [.terminateProcess]
    }

    /// A control program looks at the status every tenth of the wait hint and gives up when the hint
    /// has passed since the checkpoint last moved. It waits from StartService (or sc stop) until the
    /// state it waits for, or until it gives up.
    private mutating func controlProgramPolls(at now: Duration) {
        guard let status, status.state.isPending || (waitingForStop && status.state == .running) else {
            nextPoll = nil
            return
        }
        // A service still RUNNING after STOP has said nothing yet: the SCM's default hint of 2 s applies.
        let hint =
            status.state.isPending
            ? status.waitHint : .milliseconds(Int64(ServiceStatus.initialWaitHintMilliseconds))
        guard now - lastProgressAt > hint else {
            nextPoll = now + SCMSettings.pollInterval(forHint: hint)
            return
        }
        nextPoll = nil
        missedHints += 1
        let what = status.state == .startPending ? "start" : "stop"
        note(
            now, "sc", .error,
            "the control program gives up on the \(what): the wait hint of \(hint.humanReadable) passed without"
                + " a new checkpoint (error 1053)")
        fail(
            Verdict(
                succeeded: false,
                headline:
                    "a control program reports 1053 at \(now.humanReadable): the checkpoint did not move within the"
                    + " wait hint of \(hint.humanReadable)",
                code: "1053",
                fix: "move the checkpoint before each wait hint runs out, and only while really progressing;"
                    + " punctual run does this for any program: punctual run --ready tcp:HOST:PORT -- COMMAND"),
            endsRun: false)
    }

    // MARK: - Controls, stop and exit

    private mutating func requestStop(at now: Duration) -> [Action] {
        guard let status, status.controlsAccepted.contains(.stop) else {
            note(now, "sc", .error, "sc stop: error 1061: \(SCMTexts.error(1061))")
            stopDeferred = true
            return []
        }
        note(now, "sc", .control, "sc stop: the SCM sends STOP; sc waits for STOPPED")
        waitingForStop = true
        lastProgressAt = now
        nextPoll = now + SCMSettings.pollInterval(forHint: status.waitHint)
        return deliver(.stop, at: now)
    }

    private mutating func shutdown(at now: Duration) -> [Action] {
        let accepted = status?.controlsAccepted ?? []
        if accepted.contains(.preshutdown) {
            shutdownDeadline = now + settings.preshutdownTimeout
            note(
                now, "scm", .control,
                "system shutdown: PRESHUTDOWN; shutdown waits up to \(settings.preshutdownTimeout.humanReadable)",
                deadline: shutdownDeadline)
            return deliver(.preshutdown, at: now)
        }
        if accepted.contains(.shutdown) {
            shutdownDeadline = now + settings.shutdownTimeout
            note(
                now, "scm", .control,
                "system shutdown: SHUTDOWN; about \(settings.shutdownTimeout.humanReadable) until the process is ended",
                deadline: shutdownDeadline)
            return deliver(.shutdown, at: now)
        }
        note(now, "scm", .signal, "system shutdown: the service accepts neither PRESHUTDOWN nor SHUTDOWN and is ended")
        fail(
            Verdict(
                succeeded: false, headline: "ended by shutdown without a chance to stop", code: "shutdown",
                fix: "accept PRESHUTDOWN (punctual does once the service is ready)"))
        return [.terminateProcess]
    }

    /// Sends `control`, or queues it behind the one the handler has not returned from yet.
    private mutating func deliver(_ control: ServiceControl, at now: Duration) -> [Action] {
        guard let pending = pendingControl else {
            pendingControl = (control, now)
            return [.sendControl(control)]
        }
        queuedControls.append(control)
        note(
            now, "scm", .note,
            "\(control) waits: the handler has not returned from \(pending.control) (one control at a time)")
        return []
    }

    private mutating func stopped(_ reported: ServiceStatus, at now: Duration) {
        stoppedAt = now
        shutdownDeadline = nil
        pendingControl = nil
        queuedControls = []
        guard reported.win32ExitCode != 0 else {
            note(now, "scm", .status, "STOPPED cleanly after \(now.humanReadable)")
            return
        }
        let specific = reported.win32ExitCode == ServiceStatus.serviceSpecificError
        note(
            now, "scm", .error,
            specific
                ? SCMTexts.event7024(settings.serviceName, specific: reported.serviceSpecificExitCode)
                : SCMTexts.event7023(settings.serviceName, error: reported.win32ExitCode))
        if settings.failureActionsOnNonCrashFailures, let delay = restartDelay(after: crashes + 1) {
            crashes += 1
            restartAt = now + delay
            note(
                now, "scm", .note,
                "the non-crash flag is set: the failure actions run, restart in \(delay.humanReadable)")
        } else if !settings.restartDelays.isEmpty {
            note(
                now, "scm", .note,
                "STOPPED with an error does not run the failure actions unless the non-crash flag is set")
        }
        let code = specific ? "1066" : "\(reported.win32ExitCode)"
        fail(
            Verdict(
                succeeded: false,
                headline:
                    "STOPPED with error \(code)\(specific ? " (service-specific \(reported.serviceSpecificExitCode))" : "") at \(now.humanReadable)",
                code: code, events: [specific ? "7024" : "7023"],
                fix: "see the service's own log for why it ended; set the failure actions' non-crash flag"
                    + " (sc failureflag NAME 1) so that recovery acts on such a stop"),
            endsRun: false)
    }

    private mutating func processExited(_ code: Int32, at now: Duration) {
        connectDeadline = nil
        nextPoll = nil
        pendingControl = nil
        shutdownDeadline = nil
        defer { isFinished = restartAt == nil }
        guard stoppedAt == nil else { return }
        crashes += 1
        let delay = restartDelay(after: crashes)
        note(now, "service", .note, "the process exited with code \(code) without reporting STOPPED")
        note(
            now, "scm", .error,
            delay.map { SCMTexts.event7031(settings.serviceName, times: crashes, delay: $0) }
                ?? SCMTexts.event7034(settings.serviceName, times: crashes))
        if let delay { restartAt = now + delay }
        fail(
            Verdict(
                succeeded: false,
                headline:
                    "terminated unexpectedly at \(now.humanReadable) with exit code \(code); a waiting control program"
                    + " reports 1067",
                code: "1067", events: [delay == nil ? "7034" : "7031"],
                fix: "report STOPPED with the exit code (punctual run does), and set the non-crash flag"
                    + " (sc failureflag NAME 1) so that recovery still acts on a failed stop"),
            endsRun: false)
    }

    private func restartDelay(after failures: Int) -> Duration? {
        guard let last = settings.restartDelays.last else { return nil }
        return failures <= settings.restartDelays.count ? settings.restartDelays[failures - 1] : last
    }

    // MARK: - Bookkeeping

    private mutating func fail(_ verdict: Verdict, endsRun: Bool = true) {
        if failure == nil { failure = verdict }
        if endsRun { isFinished = true }
    }

    private mutating func note(
        _ at: Duration, _ source: String, _ kind: TimelineEntry.Kind, _ text: String, deadline: Duration? = nil
    ) {
        timeline.append(TimelineEntry(at: at, source: source, kind: kind, text: text, deadline: deadline))
    }
}
