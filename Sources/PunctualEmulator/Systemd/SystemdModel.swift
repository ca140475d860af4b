import PunctualCore

/// A model of how systemd runs a `Type=notify` service: start and stop timeouts with
/// `EXTEND_TIMEOUT_USEC`, READY, the watchdog, the kill sequence, `Restart=` and the start rate
/// limit, `NotifyAccess=`, and the `Result:` it ends with. Pure: events in, actions out, time passed in.
package struct SystemdModel: Sendable {
    package enum Event: Sendable, Equatable {
        /// `systemctl start`.
        case startRequested
        /// The main process exists.
        case processStarted(pid: Int32)
        /// A datagram on the notify socket, with the sender's pid.
        case notify(NotifyMessage, sender: Int32)
        case processExited(ChildExit)
        /// `systemctl stop`.
        case stopRequested
        case tick
    }

    package enum Action: Sendable, Equatable {
        /// Start the main process.
        case startProcess
        /// Send a signal to the main process, or to every process of the unit.
        case signal(Signal, toGroup: Bool)
    }

    private enum State: Sendable, Equatable {
        case inactive, starting, running, stopSigterm, stopSigkill, stopWatchdog, autoRestart, failed
    }

    package let settings: SystemdUnitSettings
    package private(set) var timeline: [TimelineEntry] = []
    package private(set) var result: SystemdResult = .success
    package private(set) var readyAt: Duration?
    package private(set) var extensions = 0
    package private(set) var watchdogPings = 0
    package private(set) var restarts = 0
    /// Whether nothing more can happen: inactive or failed, and no restart due.
    package private(set) var isFinished = false

    private var state: State = .inactive
    private var origin: ContinuousClock.Instant?
    private var mainPID: Int32?
    private var deadline: Duration?
    private var watchdogDeadline: Duration?
    private var restartAt: Duration?
    private var starts: [Duration] = []
    private var stopRequestedAt: Duration?
    private var lastStatus: String?
    private var stoppedAt: Duration?

    package init(settings: SystemdUnitSettings) { self.settings = settings }

    package var nextDeadline: ContinuousClock.Instant? {
        guard let origin, !isFinished else { return nil }
        return [deadline, watchdogDeadline, restartAt].compactMap { $0 }.min().map { origin + $0 }
    }

    package var isActive: Bool { state == .running }

    /// What a real systemd would have concluded so far.
    package var conclusion: Verdict {
        let name = settings.unitName
        if result != .success {
            return Verdict(succeeded: false, headline: failureHeadline, code: result.rawValue, fix: fix)
        }
        if let readyAt {
            var headline = "active (running) at \(readyAt.humanReadable), after \(extensions) EXTEND_TIMEOUT_USEC"
            if let stoppedAt, let stopRequestedAt {
                headline += "; stopped cleanly in \((stoppedAt - stopRequestedAt).humanReadable)"
            }
            return Verdict(succeeded: true, headline: headline, code: "success")
        }
        if state == .starting {
            return Verdict(succeeded: false, headline: "\(name) is still activating", code: nil)
        }
        return Verdict(succeeded: false, headline: "\(name) never became active", code: result.rawValue, fix: fix)
    }

    package mutating func handle(_ event: Event, at instant: ContinuousClock.Instant) -> [Action] {
        if origin == nil { origin = instant }
        let now = instant - (origin ?? instant)
        var actions = fireTimers(at: now)
        switch event {
        case .tick: break
        case .startRequested: actions += start(at: now)
        case .processStarted(let pid): processStarted(pid: pid, at: now)
        case .notify(let message, let sender): actions += notify(message, from: sender, at: now)
        case .processExited(let exit): processExited(exit, at: now)
        case .stopRequested: actions += stop(at: now)
        }
        return actions
    }

    // MARK: - Start

    private mutating func start(at now: Duration) -> [Action] {
        starts = starts.filter { now - $0 < settings.startLimitInterval } + [now]
        if starts.count > settings.startLimitBurst {
            note(now, .error, "Start request repeated too quickly.")
            result = .startLimitHit
            note(now, .error, "Failed with result 'start-limit-hit'.")
            state = .failed
            isFinished = true
            return []
        }
        state = .starting
        result = .success
        note(now, .note, "Starting \(settings.unitName)...")
        return [.startProcess]
    }

    private mutating func processStarted(pid: Int32, at now: Duration) {
        mainPID = pid
        deadline = settings.timeoutStart.map { now + $0 }
        note(
            now, .note,
            "main process \(pid); TimeoutStartSec=\(settings.timeoutStart?.humanReadable ?? "infinity")",
            deadline: deadline)
    }

    // MARK: - Notify

    private mutating func notify(_ message: NotifyMessage, from sender: Int32, at now: Duration) -> [Action] {
        if settings.notifyAccess == .main, sender != mainPID {
            note(
                now, .note,
                "Got notification message from PID \(sender), but reception only permitted for main PID \(mainPID.map(String.init) ?? "none")"
            )
            return []
        }
        var actions: [Action] = []
        if let status = message["STATUS"] {
            lastStatus = status
            note(now, .status, "STATUS=\(status)")
        }
        if let extend = message.extendTimeout { extendTimeout(by: extend, at: now) }
        if message["WATCHDOG"] == "1", state == .running, let watchdog = settings.watchdog {
            watchdogPings += 1
            watchdogDeadline = now + watchdog
        }
        if message["STOPPING"] == "1", state == .running {
            state = .stopSigterm
            watchdogDeadline = nil
            deadline = settings.timeoutStop.map { now + $0 }
            note(
                now, .status, "STOPPING=1: the service is stopping on its own; TimeoutStopSec applies",
                deadline: deadline)
        }
        if message.isReady, state == .starting {
            state = .running
            readyAt = now
            deadline = nil
            watchdogDeadline = settings.watchdog.map { now + $0 }
            note(now, .ready, "Started \(settings.unitName).", deadline: watchdogDeadline)
        }
        if message["WATCHDOG"] == "trigger", state == .running { actions += watchdogTimeout(at: now, triggered: true) }
        return actions
    }

    /// `EXTEND_TIMEOUT_USEC` moves the current phase's deadline to now + value, if that is later.
    private mutating func extendTimeout(by extend: Duration, at now: Duration) {
        guard [.starting, .stopSigterm].contains(state) else { return }
        extensions += 1
        let extended = now + extend
        if let current = deadline, extended > current { deadline = extended }
        note(now, .heartbeat, "EXTEND_TIMEOUT_USEC=\(extend.microseconds)", deadline: deadline)
    }

    // MARK: - Timers

    private mutating func fireTimers(at now: Duration) -> [Action] {
        if let at = restartAt, now >= at {
            restartAt = nil
            restarts += 1
            note(now, .note, "Scheduled restart job, restart counter is at \(restarts).")
            return start(at: now)
        }
        if let at = watchdogDeadline, now >= at, state == .running {
            return watchdogTimeout(at: at, triggered: false)
        }
        guard let at = deadline, now >= at else { return [] }
        deadline = nil
        switch state {
        case .starting:
            note(at, .error, "start operation timed out. Terminating.")
            result = .timeout
            return enterStopSigterm(at: at)
        case .stopSigterm:
            note(at, .error, "State 'stop-sigterm' timed out. Killing.")
            if result == .success { result = .timeout }
            state = .stopSigkill
            deadline = settings.timeoutStop.map { at + $0 }
            return [.signal(.kill, toGroup: true)]
        case .stopWatchdog:
            note(at, .error, "State 'stop-watchdog' timed out. Killing.")
            state = .stopSigkill
            deadline = settings.timeoutStop.map { at + $0 }
            return [.signal(.kill, toGroup: true)]
        case .stopSigkill:
            note(at, .error, "Processes still around after SIGKILL. Ignoring.")
            finish(at: at)
            return []
        default:
            return []
        }
    }

    private mutating func watchdogTimeout(at now: Duration, triggered: Bool) -> [Action] {
        watchdogDeadline = nil
        note(
            now, .error,
            triggered
                ? "Watchdog request (last status: \(lastStatus ?? "n/a"))!"
                : "Watchdog timeout (limit \(settings.watchdog?.humanReadable ?? ""))!")
        result = .watchdog
        state = .stopWatchdog
        deadline = settings.timeoutAbort.map { now + $0 }
        note(now, .signal, "Killing process \(mainPID ?? 0) with signal SIGABRT.", deadline: deadline)
        return [.signal(.abort, toGroup: settings.killMode == .controlGroup)]
    }

    // MARK: - Stop and exit

    private mutating func stop(at now: Duration) -> [Action] {
        if state == .autoRestart {
            restartAt = nil
            state = .failed
            isFinished = true
            note(now, .control, "Stopping \(settings.unitName): the scheduled restart is cancelled")
            return []
        }
        guard state == .starting || state == .running else { return [] }
        stopRequestedAt = now
        note(now, .control, "Stopping \(settings.unitName)...")
        return enterStopSigterm(at: now)
    }

    private mutating func enterStopSigterm(at now: Duration) -> [Action] {
        state = .stopSigterm
        watchdogDeadline = nil
        deadline = settings.timeoutStop.map { now + $0 }
        let everyone = settings.killMode == .controlGroup
        let whom = everyone ? "every process of the unit" : "the main process (KillMode=mixed)"
        note(
            now, .signal,
            "SIGTERM and SIGCONT to \(whom); TimeoutStopSec=\(settings.timeoutStop?.humanReadable ?? "infinity")",
            deadline: deadline)
        return [.signal(.terminate, toGroup: everyone), .signal(.continue, toGroup: everyone)]
    }

    private mutating func processExited(_ exit: ChildExit, at now: Duration) {
        guard mainPID != nil else { return }
        mainPID = nil
        watchdogDeadline = nil
        note(now, .note, Self.describe(exit))
        let clean = Self.isClean(exit)
        switch state {
        case .starting:
            // A Type=notify service whose main process ends cleanly before READY=1 broke the protocol.
            result = clean ? .protocol : Self.failure(for: exit)
        case .running, .stopSigterm:
            if result == .success && !clean { result = Self.failure(for: exit) }
        default:
            break
        }
        deadline = nil
        finish(at: now)
    }

    private mutating func finish(at now: Duration) {
        stoppedAt = now
        if result == .success {
            state = .inactive
            note(now, .status, "Deactivated successfully.")
            isFinished = true
            return
        }
        state = .failed
        note(now, .error, "Failed with result '\(result.rawValue)'.")
        if settings.restart == .onFailure && stopRequestedAt == nil {
            state = .autoRestart
            restartAt = now + settings.restartDelay
            return
        }
        isFinished = true
    }

    // MARK: - Words

    /// An exit status 0 or death by SIGHUP, SIGINT, SIGTERM or SIGPIPE is clean.
    static func isClean(_ exit: ChildExit) -> Bool {
        switch exit {
        case .exited(let code): code == 0
        case .signaled(let signal): [.hangup, .interrupt, .terminate, .pipe].contains(signal)
        case .lost: false
        }
    }

    static func failure(for exit: ChildExit) -> SystemdResult {
        if case .exited = exit { return .exitCode }
        return .signal
    }

    /// systemd's names for the exit statuses of the LSB specification; others are n/a.
    static func statusName(_ code: Int32) -> String {
        let names = [
            "SUCCESS", "FAILURE", "INVALIDARGUMENT", "NOTIMPLEMENTED", "NOPERMISSION", "NOTINSTALLED", "NOTCONFIGURED",
            "NOTRUNNING",
        ]
        return names.indices.contains(Int(code)) ? names[Int(code)] : "n/a"
    }

    static func describe(_ exit: ChildExit) -> String {
        switch exit {
        case .exited(let code): "Main process exited, code=exited, status=\(code)/\(statusName(code))"
        case .signaled(let signal):
            "Main process exited, code=killed, status=\(signal.number)/\(signal.description.dropFirst(3))"
        case .lost: "Main process exited, status unknown"
        }
    }

    private var failureHeadline: String {
        let at = stoppedAt.map { " at \($0.humanReadable)" } ?? ""
        switch result {
        case .timeout:
            return readyAt == nil
                ? "Result: timeout\(at): the start did not finish within TimeoutStartSec"
                : "Result: timeout\(at): the stop did not finish within TimeoutStopSec"
        case .protocol: return "Result: protocol\(at): the main process exited 0 before it sent READY=1"
        case .watchdog: return "Result: watchdog\(at): no WATCHDOG=1 within WatchdogSec"
        case .exitCode: return "Result: exit-code\(at): the main process exited with a failure status"
        case .signal: return "Result: signal\(at): the main process was killed by a signal"
        case .startLimitHit:
            return
                "Result: start-limit-hit: \(settings.startLimitBurst) starts within \(settings.startLimitInterval.humanReadable)"
        case .success: return "Result: success"
        }
    }

    private var fix: String? {
        switch result {
        case .timeout:
            return readyAt == nil
                ? "wrap it: punctual run --ready tcp:HOST:PORT -- COMMAND extends the start while the program makes progress"
                : "stop faster, raise TimeoutStopSec, or wrap it: punctual run extends the stop during its --stop-timeout"
        case .protocol:
            return "a Type=notify service must send READY=1; punctual run sends it once its --ready probes pass"
        case .watchdog: return "send WATCHDOG=1 at half of WatchdogSec; punctual run does while the program lives"
        case .startLimitHit:
            return "find why it fails (journalctl -u \(settings.unitName)), then systemctl reset-failed"
        case .exitCode, .signal: return "see the program's own output in the journal"
        case .success: return nil
        }
    }

    private mutating func note(_ at: Duration, _ kind: TimelineEntry.Kind, _ text: String, deadline: Duration? = nil) {
        timeline.append(TimelineEntry(at: at, source: "systemd", kind: kind, text: text, deadline: deadline))
    }
}
