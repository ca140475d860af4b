import PunctualCore
import PunctualEmulator
import PunctualTestSupport
import Testing

/// Drives an ``SCMModel`` on a virtual clock.
struct SCMHarness: VirtualClockHarness {
    var model: SCMModel
    let origin = ContinuousClock.now
    var now: ContinuousClock.Instant
    private(set) var actions: [(at: Double, action: SCMModel.Action)] = []

    init(_ settings: SCMSettings = SCMSettings()) {
        model = SCMModel(settings: settings)
        now = origin
    }

    var seconds: Double { (now - origin).seconds }

    mutating func send(_ event: SCMModel.Event) {
        actions += model.handle(event, at: now).map { (seconds, $0) }
    }

    var nextDeadline: ContinuousClock.Instant? { model.nextDeadline }

    mutating func tick() { send(.tick) }

    mutating func report(
        _ state: ServiceState, checkPoint: UInt32 = 0, hint: UInt32 = 0, accepts: AcceptedControls = []
    ) {
        send(
            .statusReported(
                ServiceStatus(
                    state: state, controlsAccepted: accepts, checkPoint: checkPoint, waitHintMilliseconds: hint)))
    }

    func entries(containing text: String) -> [TimelineEntry] { model.timeline.filter { $0.text.contains(text) } }
}

@Suite("The emulated SCM: every rule of RULES.md on a virtual clock")
struct SCMModelTests {
    @Test("no dispatcher within ServicesPipeTimeout: 1053 with events 7009 and 7000, and the process is ended")
    func connectTimeout() throws {
        var scm = SCMHarness()
        scm.send(.processStarted)
        scm.advance(to: 29.9)
        #expect(scm.model.failure == nil)
        scm.advance(to: 31)
        let failure = try #require(scm.model.failure)
        #expect(failure.code == "1053")
        #expect(failure.events == ["7009", "7000"])
        #expect(failure.headline.hasPrefix("fails with 1053 at 30s"))
        #expect(scm.actions.map(\.action) == [.terminateProcess])
        #expect(scm.actions.first?.at == 30)
        #expect(
            scm.entries(containing: "7009: Timeout (30000 milliseconds) waiting for the demo service to connect.").count
                == 1)
        #expect(scm.model.isFinished)
    }

    @Test("the pipe timeout is a setting")
    func pipeTimeoutSetting() {
        var scm = SCMHarness(SCMSettings(pipeTimeout: .seconds(5)))
        scm.send(.processStarted)
        scm.advance(to: 6)
        #expect(scm.actions.first?.at == 5)
    }

    @Test("a connection in time gets START_PENDING, checkpoint 0, wait hint 2 s")
    func connectInTime() {
        var scm = SCMHarness()
        scm.send(.processStarted)
        scm.advance(to: 29)
        scm.send(.dispatcherConnected)
        #expect(scm.model.status == ServiceStatus(state: .startPending, waitHintMilliseconds: 2000))
        #expect(scm.model.failure == nil)
    }

    @Test("a control program polls at a tenth of the hint, 1 to 10 s")
    func pollInterval() {
        #expect(SCMSettings.pollInterval(forHint: .seconds(2)) == .seconds(1))
        #expect(SCMSettings.pollInterval(forHint: .seconds(30)) == .seconds(3))
        #expect(SCMSettings.pollInterval(forHint: .seconds(300)) == .seconds(10))
    }

    @Test("a silent START_PENDING: the control program gives up once the default 2 s hint has passed (1053)")
    func silentAfterConnect() throws {
        var scm = SCMHarness()
        scm.send(.processStarted)
        scm.send(.dispatcherConnected)
        scm.advance(to: 2.5)
        #expect(scm.model.failure == nil)
        scm.advance(to: 3.5)
        let failure = try #require(scm.model.failure)
        #expect(failure.code == "1053")
        #expect(scm.model.missedHints == 1)
        #expect(!scm.model.isFinished)
    }

    @Test("checkpoints that move before each hint runs out: 60 s of START_PENDING, then RUNNING, no hint missed")
    func movingCheckpoints() {
        var scm = SCMHarness()
        scm.send(.processStarted)
        scm.send(.dispatcherConnected)
        for step in 1...60 {
            scm.advance(to: Double(step))
            scm.report(.startPending, checkPoint: UInt32(step), hint: 3000)
        }
        scm.advance(to: 60.5)
        scm.report(.running, accepts: [.stop])
        #expect(scm.model.failure == nil)
        #expect(scm.model.missedHints == 0)
        #expect(scm.model.checkpoints == 60)
        #expect(scm.model.readyAt == .milliseconds(60_500))
        #expect(scm.model.conclusion.succeeded)
    }

    @Test("the same checkpoint again is no progress")
    func repeatedCheckpoint() {
        var scm = SCMHarness()
        scm.send(.processStarted)
        scm.send(.dispatcherConnected)
        scm.report(.startPending, checkPoint: 1, hint: 5000)
        for step in 1...8 {
            scm.advance(to: Double(step))
            scm.report(.startPending, checkPoint: 1, hint: 5000)
        }
        #expect(scm.model.missedHints == 1)
        #expect(scm.model.failure?.code == "1053")
    }

    @Test("no report for 80 s plus the wait hint: the SCM itself gives up (7022) and ends the process")
    func unresponsive() throws {
        var scm = SCMHarness()
        scm.send(.processStarted)
        scm.send(.dispatcherConnected)
        scm.report(.startPending, checkPoint: 1, hint: 10_000)
        scm.advance(to: 89.9)
        #expect(!scm.model.isFinished)
        scm.advance(to: 91)
        #expect(scm.entries(containing: "7022: The demo service hung on starting.").first?.at == .seconds(90))
        #expect(scm.actions.last?.action == .terminateProcess)
        #expect(scm.model.isFinished)
    }

    @Test("RUNNING without controls releases the lock but refuses sc stop with 1061")
    func runningNoControls() {
        var scm = SCMHarness()
        scm.send(.processStarted)
        scm.send(.dispatcherConnected)
        scm.report(.running)
        #expect(scm.model.runningAt == .zero)
        #expect(scm.model.readyAt == nil)
        scm.send(.stopRequested)
        #expect(scm.actions.isEmpty)
        #expect(scm.entries(containing: "1061").count == 1)
        scm.report(.running, accepts: [.stop, .preshutdown])
        #expect(scm.model.readyAt == .zero)
    }

    func runningService(_ settings: SCMSettings = SCMSettings()) -> SCMHarness {
        var scm = SCMHarness(settings)
        scm.send(.processStarted)
        scm.send(.dispatcherConnected)
        scm.report(.running, accepts: [.stop, .shutdown, .preshutdown])
        return scm
    }

    @Test("stop: STOP is delivered, STOP_PENDING with moving checkpoints, STOPPED once; the run succeeds")
    func cleanStop() {
        var scm = runningService()
        scm.advance(to: 10)
        scm.send(.stopRequested)
        #expect(scm.actions.map(\.action) == [.sendControl(.stop)])
        scm.send(.controlHandled(.stop, handled: true))
        for step in 1...5 {
            scm.advance(to: 10 + Double(step))
            scm.report(.stopPending, checkPoint: UInt32(step), hint: 3000)
        }
        scm.report(.stopped)
        scm.send(.processExited(0))
        #expect(scm.model.failure == nil)
        #expect(scm.model.stoppedAt == .seconds(15))
        #expect(scm.model.conclusion.succeeded)
        #expect(scm.model.isFinished)
    }

    @Test("a report after STOPPED is an error: the process may crash on Windows")
    func secondStopped() {
        var scm = runningService()
        scm.report(.stopped)
        scm.report(.stopped)
        #expect(scm.entries(containing: "a report after STOPPED").count == 1)
    }

    @Test("a handler that does not return within 30 s: 1053 and event 7011")
    func handlerTimeout() throws {
        var scm = runningService()
        scm.send(.stopRequested)
        for second in 1...29 {
            scm.advance(to: Double(second))
            scm.report(.stopPending, checkPoint: UInt32(second), hint: 3000)
        }
        #expect(scm.model.failure == nil)
        scm.advance(to: 31)
        let failure = try #require(scm.model.failure)
        #expect(failure.events == ["7011"])
        #expect(
            scm.entries(containing: "7011: Timeout (30000 milliseconds) waiting for a transaction response").count == 1)
        #expect(scm.actions.map(\.action) == [.sendControl(.stop)], "the SCM does not end a hung handler's process")
        #expect(!scm.model.isFinished)
    }

    @Test("a stop that gets no STOP_PENDING: the control program gives up after the default 2 s hint")
    func silentStop() {
        var scm = runningService()
        scm.advance(to: 5)
        scm.send(.stopRequested)
        scm.send(.controlHandled(.stop, handled: true))
        scm.advance(to: 7.5)
        #expect(scm.model.failure == nil)
        scm.advance(to: 8.5)
        #expect(scm.entries(containing: "gives up on the stop").first?.at == .seconds(8))
    }

    @Test("a stop refused with 1061 during the start is asked again once STOP is accepted")
    func deferredStop() {
        var scm = SCMHarness()
        scm.send(.processStarted)
        scm.send(.dispatcherConnected)
        scm.report(.startPending, checkPoint: 1, hint: 10_000)
        scm.send(.stopRequested)
        #expect(scm.entries(containing: "error 1061").count == 1)
        #expect(scm.actions.isEmpty)
        scm.report(.running, accepts: [.stop])
        #expect(scm.actions.map(\.action) == [.sendControl(.stop)])
    }

    @Test("STOPPED with a plain Win32 code: event 7023")
    func win32Exit() {
        var scm = runningService()
        scm.send(.statusReported(ServiceStatus(state: .stopped, win32ExitCode: 5)))
        #expect(scm.model.failure?.events == ["7023"])
        #expect(scm.model.failure?.code == "5")
    }

    @Test("a restarted process starts afresh: a new connect deadline, nothing of the old run")
    func restartedProcess() {
        var scm = runningService(SCMSettings(pipeTimeout: .seconds(5), restartDelays: [.seconds(1), .seconds(10)]))
        scm.send(.processExited(1))
        scm.advance(to: 1.5)
        #expect(scm.actions.last?.action == .restartService)
        scm.send(.processStarted)
        #expect(scm.model.readyAt == nil)
        #expect(scm.model.status == nil)
        #expect(scm.entries(containing: "it has 5s to call StartServiceCtrlDispatcher").count == 2)
        scm.send(.dispatcherConnected)
        scm.report(.running, accepts: [.stop])
        #expect(scm.model.readyAt == .milliseconds(1500))
        scm.send(.processExited(1))
        #expect(
            scm.entries(
                containing:
                    "It has done this 2 time(s). The following corrective action will be taken in 10000 milliseconds"
            ).count == 1)
    }

    @Test("the process dies without STOPPED: 7034 without failure actions, 7031 with them, and the restart")
    func crash() throws {
        var plain = runningService()
        plain.send(.processExited(3))
        #expect(plain.model.failure?.events == ["7034"])
        #expect(plain.model.failure?.code == "1067")
        #expect(plain.model.isFinished)

        var recovering = runningService(SCMSettings(restartDelays: [.seconds(5)]))
        recovering.advance(to: 1)
        recovering.send(.processExited(3))
        #expect(recovering.model.failure?.events == ["7031"])
        #expect(!recovering.model.isFinished)
        recovering.advance(to: 7)
        #expect(recovering.actions.last.map { $0.at == 6 && $0.action == .restartService } == true)
    }

    @Test("STOPPED with a service-specific code: 7024; recovery only with the non-crash flag")
    func nonCrashFailure() {
        let failed = ServiceStatus(state: .stopped, win32ExitCode: 1066, serviceSpecificExitCode: 124)
        var withoutFlag = runningService(SCMSettings(restartDelays: [.seconds(1)]))
        withoutFlag.send(.statusReported(failed))
        withoutFlag.send(.processExited(124))
        #expect(withoutFlag.model.failure?.events == ["7024"])
        #expect(withoutFlag.model.failure?.headline.contains("service-specific 124") == true)
        #expect(withoutFlag.model.isFinished)

        var withFlag = runningService(SCMSettings(restartDelays: [.seconds(1)], failureActionsOnNonCrashFailures: true))
        withFlag.send(.statusReported(failed))
        withFlag.send(.processExited(124))
        withFlag.advance(to: 2)
        #expect(withFlag.actions.last?.action == .restartService)
    }

    @Test("shutdown: PRESHUTDOWN with its timeout (10 s, or 180 s as set), else SHUTDOWN with about 20 s")
    func shutdown() {
        var preshutdown = runningService()
        preshutdown.send(.shutdownRequested)
        #expect(preshutdown.actions.map(\.action) == [.sendControl(.preshutdown)])
        preshutdown.send(.controlHandled(.preshutdown, handled: true))
        preshutdown.advance(to: 11)
        #expect(preshutdown.actions.last.map { $0.at == 10 && $0.action == .terminateProcess } == true)

        var old = runningService(SCMSettings(preshutdownTimeout: .seconds(180)))
        old.send(.shutdownRequested)
        old.send(.controlHandled(.preshutdown, handled: true))
        old.advance(to: 179)
        #expect(old.actions.count == 1)

        var shutdownOnly = SCMHarness()
        shutdownOnly.send(.processStarted)
        shutdownOnly.send(.dispatcherConnected)
        shutdownOnly.report(.running, accepts: [.stop, .shutdown])
        shutdownOnly.send(.shutdownRequested)
        #expect(shutdownOnly.actions.map(\.action) == [.sendControl(.shutdown)])
        shutdownOnly.send(.controlHandled(.shutdown, handled: true))
        shutdownOnly.advance(to: 21)
        #expect(shutdownOnly.actions.last.map { $0.at == 20 && $0.action == .terminateProcess } == true)
    }
}

@Suite("The emulated SCM sends one control at a time")
struct SCMControlQueueTests {
    @Test("a second control waits until the handler returns from the first")
    func oneAtATime() {
        var scm = SCMHarness()
        scm.send(.processStarted)
        scm.send(.dispatcherConnected)
        scm.report(.running, accepts: [.stop, .preshutdown])
        scm.send(.shutdownRequested)
        scm.send(.stopRequested)
        #expect(scm.actions.map(\.action) == [.sendControl(.preshutdown)])
        #expect(scm.entries(containing: "STOP waits: the handler has not returned from PRESHUTDOWN").count == 1)
        scm.send(.controlHandled(.preshutdown, handled: true))
        #expect(scm.actions.map(\.action) == [.sendControl(.preshutdown), .sendControl(.stop)])
    }
}
