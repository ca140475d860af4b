import PunctualCore
import PunctualEmulator
import PunctualTestSupport
import Testing

/// Drives a ``SystemdModel`` on a virtual clock; a started process gets pid 100, 101, ...
struct SystemdHarness: VirtualClockHarness {
    var model: SystemdModel
    let origin = ContinuousClock.now
    var now: ContinuousClock.Instant
    private(set) var actions: [(at: Double, action: SystemdModel.Action)] = []
    private(set) var pid: Int32 = 99

    init(_ settings: SystemdUnitSettings = SystemdUnitSettings()) {
        model = SystemdModel(settings: settings)
        now = origin
    }

    mutating func send(_ event: SystemdModel.Event) {
        let produced = model.handle(event, at: now)
        actions += produced.map { ((now - origin).seconds, $0) }
        if produced.contains(.startProcess) {
            pid += 1
            send(.processStarted(pid: pid))
        }
    }

    var nextDeadline: ContinuousClock.Instant? { model.nextDeadline }

    mutating func tick() { send(.tick) }

    mutating func notify(_ text: String, from sender: Int32? = nil) {
        send(.notify(NotifyMessage(datagram: Array(text.utf8)), sender: sender ?? pid))
    }

    func signals() -> [(Double, Signal)] {
        actions.compactMap { entry in if case .signal(let signal, _) = entry.action { (entry.at, signal) } else { nil }
        }
    }

    func said(_ text: String) -> Bool { model.timeline.contains { $0.text.contains(text) } }
}

@Suite("The emulated systemd: timeouts, EXTEND, READY, watchdog, stop, restart, results")
struct SystemdModelTests {
    func started(_ settings: SystemdUnitSettings = SystemdUnitSettings()) -> SystemdHarness {
        var systemd = SystemdHarness(settings)
        systemd.send(.startRequested)
        return systemd
    }

    @Test("no READY within TimeoutStartSec: 'start operation timed out', SIGTERM+SIGCONT, Result: timeout")
    func startTimeout() {
        var systemd = started()
        systemd.advance(to: 89.9)
        #expect(systemd.signals().isEmpty)
        systemd.advance(to: 90.5)
        #expect(systemd.said("start operation timed out. Terminating."))
        #expect(systemd.signals().map(\.1) == [.terminate, .continue])
        #expect(systemd.signals().first?.0 == 90)
        systemd.send(.processExited(.signaled(.terminate)))
        #expect(systemd.model.result == .timeout)
        #expect(systemd.model.isFinished)
        #expect(systemd.model.conclusion.code == "timeout")
    }

    @Test("EXTEND_TIMEOUT_USEC moves the start deadline to now + value, never earlier")
    func extend() {
        var systemd = started(SystemdUnitSettings(timeoutStart: .seconds(4)))
        for second in stride(from: 0.0, through: 12, by: 2) {
            systemd.advance(to: second)
            systemd.notify("EXTEND_TIMEOUT_USEC=4000000")
        }
        systemd.advance(to: 13)
        systemd.notify("EXTEND_TIMEOUT_USEC=1000000")
        systemd.advance(to: 15.9)
        #expect(systemd.signals().isEmpty)
        systemd.advance(to: 16.1)
        #expect(systemd.signals().first?.0 == 16)
        #expect(systemd.model.extensions == 8)
    }

    @Test("READY=1 makes it active and arms the watchdog; pings keep it; a missed ping is SIGABRT and Result: watchdog")
    func watchdog() {
        var systemd = started(SystemdUnitSettings(watchdog: .seconds(2)))
        systemd.advance(to: 1)
        systemd.notify("READY=1")
        #expect(systemd.model.isActive)
        #expect(systemd.model.readyAt == .seconds(1))
        for second in 2...10 {
            systemd.advance(to: Double(second))
            systemd.notify("WATCHDOG=1")
        }
        systemd.advance(to: 11.9)
        #expect(systemd.signals().isEmpty)
        systemd.advance(to: 12.5)
        #expect(systemd.said("Watchdog timeout (limit 2s)!"))
        #expect(systemd.signals().map(\.1) == [.abort])
        systemd.send(.processExited(.signaled(.abort)))
        #expect(systemd.model.result == .watchdog)
    }

    @Test("a process that ignores the watchdog signal gets SIGKILL after TimeoutAbortSec")
    func abortTimeout() {
        var systemd = started(SystemdUnitSettings(timeoutStop: .seconds(5), watchdog: .seconds(1)))
        systemd.notify("READY=1")
        systemd.advance(to: 7)
        #expect(systemd.signals().map(\.0) == [1, 6])
        #expect(systemd.signals().map(\.1) == [.abort, .kill])
    }

    @Test("WATCHDOG=trigger fails the unit at once")
    func trigger() {
        var systemd = started(SystemdUnitSettings(watchdog: .seconds(10)))
        systemd.notify("READY=1")
        systemd.notify("WATCHDOG=trigger")
        #expect(systemd.signals().map(\.1) == [.abort])
        #expect(systemd.model.result == .watchdog)
    }

    @Test("stop: SIGTERM+SIGCONT; an exit in time is success; EXTEND during the stop moves its deadline")
    func stop() {
        var systemd = started(SystemdUnitSettings(timeoutStop: .seconds(4)))
        systemd.notify("READY=1")
        systemd.advance(to: 10)
        systemd.send(.stopRequested)
        for second in [11.0, 13, 15] {
            systemd.advance(to: second)
            systemd.notify("STOPPING=1\nEXTEND_TIMEOUT_USEC=4000000")
        }
        systemd.advance(to: 18)
        #expect(systemd.signals().map(\.1) == [.terminate, .continue])
        systemd.send(.processExited(.exited(0)))
        #expect(systemd.model.result == .success)
        #expect(systemd.said("Deactivated successfully."))
        #expect(systemd.model.conclusion.succeeded)
    }

    @Test("a stop past TimeoutStopSec: SIGKILL to the group, Result: timeout")
    func stopTimeout() {
        var systemd = started(SystemdUnitSettings(timeoutStop: .seconds(4)))
        systemd.notify("READY=1")
        systemd.send(.stopRequested)
        systemd.advance(to: 5)
        #expect(systemd.said("State 'stop-sigterm' timed out. Killing."))
        #expect(systemd.signals().map(\.1) == [.terminate, .continue, .kill])
        systemd.send(.processExited(.signaled(.kill)))
        #expect(systemd.model.result == .timeout)
    }

    @Test(
        "exits and their results",
        arguments: [
            (false, ChildExit.exited(0), SystemdResult.protocol), (false, .signaled(.terminate), .protocol),
            (false, .exited(1), .exitCode),
            (false, .signaled(Signal(number: 11)), .signal), (true, .exited(0), .success),
            (true, .exited(2), .exitCode),
            (true, .signaled(.terminate), .success), (true, .signaled(.kill), .signal),
        ])
    func results(ready: Bool, exit: ChildExit, expected: SystemdResult) {
        var systemd = started()
        if ready { systemd.notify("READY=1") }
        systemd.send(.processExited(exit))
        #expect(systemd.model.result == expected)
    }

    @Test("NotifyAccess=main ignores other senders; all hears them")
    func notifyAccess() {
        var main = started()
        main.notify("READY=1", from: 4242)
        #expect(!main.model.isActive)
        #expect(main.said("Got notification message from PID 4242, but reception only permitted for main PID 100"))
        var all = started(SystemdUnitSettings(notifyAccess: .all))
        all.notify("READY=1", from: 4242)
        #expect(all.model.isActive)
    }

    @Test("Restart=on-failure restarts after RestartSec until the start limit: 5 starts in 10 s")
    func restartAndLimit() {
        var systemd = started(SystemdUnitSettings(restart: .onFailure))
        for _ in 0..<6 {
            systemd.send(.processExited(.exited(1)))
            systemd.advance(to: (systemd.model.timeline.last?.at.seconds ?? 0) + 0.2)
        }
        #expect(systemd.actions.filter { $0.action == .startProcess }.count == 5)
        #expect(systemd.model.result == .startLimitHit)
        #expect(systemd.said("Start request repeated too quickly."))
        #expect(systemd.model.isFinished)
    }

    @Test("a requested stop is not restarted")
    func noRestartAfterStop() {
        var systemd = started(SystemdUnitSettings(restart: .onFailure))
        systemd.notify("READY=1")
        systemd.send(.stopRequested)
        systemd.send(.processExited(.exited(1)))
        systemd.advance(to: 5)
        #expect(systemd.actions.filter { $0.action == .startProcess }.count == 1)
        #expect(systemd.model.isFinished)
    }

    @Test("STOPPING=1 from a running service starts the stop phase: TimeoutStopSec applies, EXTEND moves it")
    func stoppingByNotify() {
        var systemd = started(SystemdUnitSettings(timeoutStop: .seconds(3)))
        systemd.notify("READY=1")
        systemd.advance(to: 5)
        systemd.notify("STOPPING=1")
        #expect(!systemd.model.isActive)
        systemd.advance(to: 7)
        systemd.notify("EXTEND_TIMEOUT_USEC=3000000")
        systemd.advance(to: 9.9)
        #expect(systemd.signals().isEmpty)
        systemd.advance(to: 10.1)
        #expect(systemd.said("State 'stop-sigterm' timed out. Killing."))
        #expect(systemd.signals().map(\.1) == [.kill])
    }

    @Test("KillMode=mixed: SIGTERM to the main process only, SIGKILL to all")
    func mixed() {
        var systemd = started(SystemdUnitSettings(timeoutStop: .seconds(2), killMode: .mixed))
        systemd.notify("READY=1")
        systemd.send(.stopRequested)
        systemd.advance(to: 3)
        let signals = systemd.actions.compactMap { entry in
            if case .signal(let signal, let toGroup) = entry.action { (signal, toGroup) } else { nil }
        }
        #expect(signals.map(\.0) == [.terminate, .continue, .kill])
        #expect(signals.map(\.1) == [false, false, true])
    }

    @Test("a stop during the wait before a restart cancels the restart")
    func stopDuringRestart() {
        var systemd = started(SystemdUnitSettings(restart: .onFailure, restartDelay: .seconds(5)))
        systemd.send(.processExited(.exited(1)))
        systemd.advance(to: 1)
        systemd.send(.stopRequested)
        systemd.advance(to: 10)
        #expect(systemd.actions.filter { $0.action == .startProcess }.count == 1)
        #expect(systemd.model.isFinished)
    }

    @Test("an exit with no main process (a late duplicate) changes nothing")
    func lateExit() {
        var systemd = started()
        systemd.send(.processExited(.exited(1)))
        let lines = systemd.model.timeline.count
        systemd.send(.processExited(.exited(1)))
        #expect(systemd.model.timeline.count == lines)
    }

    @Test("a trigger names the last STATUS, as systemd does")
    func triggerText() {
        var systemd = started(SystemdUnitSettings(watchdog: .seconds(10)))
        systemd.notify("READY=1\nSTATUS=disk full")
        systemd.notify("WATCHDOG=trigger")
        #expect(systemd.said("Watchdog request (last status: disk full)!"))
    }
}
