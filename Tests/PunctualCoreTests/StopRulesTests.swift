import PunctualCore
import Testing

@Suite("Stop: signal, grace with heartbeats, escalation, exit codes")
struct StopRulesTests {
    func readyHarness(_ configuration: EngineConfiguration = EngineConfiguration()) -> EngineHarness {
        var harness = EngineHarness(configuration)
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 100)
        return harness
    }

    @Test("a stop request sends the stop signal to the group and extends the stop deadline during the grace")
    func graceHeartbeats() {
        var harness = readyHarness(EngineConfiguration(stopTimeout: .seconds(10)))
        let actions = harness.send(.stopRequested(.terminate))
        #expect(actions.contains(.signal(.terminate, .processGroup)))
        #expect(harness.engine.phase == .stopping)
        harness.advance(to: 109.9)
        #expect(approximately(harness.heartbeatTimes, [100, 102.5, 105, 107.5]))
        #expect(harness.reports.dropFirst().allSatisfy { $0.state == .stopping })
        #expect(harness.reports.first?.state == .ready)
        #expect(harness.times(of: .killTree).isEmpty)
    }

    @Test("while stopping the status counts the grace down; past it the stop was forced")
    func stoppingStatus() {
        var harness = readyHarness(EngineConfiguration(stopTimeout: .seconds(20), workload: .serviceGroup))
        harness.send(.stopRequested(.terminate))
        harness.advance(by: 5)
        #expect(harness.status == .stopping(signals: [.terminate], since: .seconds(5), remaining: .seconds(15)))
        harness.advance(by: 16)
        #expect(harness.status == .stopForced)
        harness.send(.workloadEnded(.cancelled))
        #expect(harness.facts.last == .ended(.cancelled, .killedAfterStopTimeout))
        #expect(harness.finishCode == 137)
    }

    @Test("a child that ignores the stop signal gets SIGKILL at the end of the grace, and punctual exits 137")
    func escalation() {
        var harness = readyHarness(EngineConfiguration(stopTimeout: .seconds(10)))
        harness.send(.stopRequested(.terminate))
        harness.advance(to: 115)
        #expect(harness.times(of: .killTree) == [110])
        #expect(harness.heartbeatTimes.last == 107.5)
        harness.send(.workloadEnded(.process(.signaled(.kill))))
        #expect(harness.finishCode == 137)
        #expect(harness.engine.phase == .failed(exitCode: 137))
    }

    @Test("a child that ends on the stop signal, or exits 0, has stopped cleanly: exit 0")
    func cleanStop() {
        for exit in [ChildExit.signaled(.terminate), .exited(0)] {
            var harness = readyHarness()
            harness.send(.stopRequested(.terminate))
            harness.advance(by: 3)
            harness.send(.workloadEnded(.process(exit)))
            #expect(harness.finishCode == 0)
            #expect(harness.engine.phase == .stopped(exitCode: 0))
        }
    }

    @Test("a child that exits with a code while stopping passes that code on")
    func codeWhileStopping() {
        var harness = readyHarness()
        harness.send(.stopRequested(.terminate))
        harness.send(.workloadEnded(.process(.exited(3))))
        #expect(harness.finishCode == 3)
    }

    @Test("--stop-signal replaces the signal; without it the received signal is passed on")
    func stopSignalChoice() {
        var quit = readyHarness(EngineConfiguration(stopSignal: .quit))
        #expect(quit.send(.stopRequested(.terminate)).contains(.signal(.quit, .processGroup)))
        quit.send(.workloadEnded(.process(.signaled(.quit))))
        #expect(quit.finishCode == 0)

        var forward = readyHarness(EngineConfiguration(stopSignal: nil))
        #expect(forward.send(.stopRequested(.interrupt)).contains(.signal(.interrupt, .processGroup)))
    }

    @Test("a second stop request is passed on and does not restart the grace")
    func secondRequest() {
        var harness = readyHarness(EngineConfiguration(stopTimeout: .seconds(10)))
        harness.send(.stopRequested(.terminate))
        harness.advance(by: 4)
        #expect(harness.send(.stopRequested(.interrupt)).contains(.signal(.interrupt, .processGroup)))
        harness.advance(to: 109)
        #expect(harness.times(of: .killTree).isEmpty)
        harness.send(.workloadEnded(.process(.signaled(.interrupt))))
        #expect(harness.finishCode == 0)
    }

    @Test("a stop during the start stops probing first")
    func stopWhileStarting() {
        var harness = EngineHarness(EngineConfiguration(probes: [.notify]))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 1)
        let actions = harness.send(.stopRequested(.terminate))
        #expect(actions.first == .stopProbing)
    }

    @Test("HUP, USR1, USR2 go to the main process only")
    func forwarding() {
        var harness = readyHarness()
        #expect(harness.send(.signalReceived(.hangup)).contains(.signal(.hangup, .mainProcess)))
        #expect(harness.send(.signalReceived(.user2)).contains(.signal(.user2, .mainProcess)))
    }

    @Test("a child that survives SIGKILL for the kill wait is given up on, so punctual never hangs")
    func killWait() {
        var harness = readyHarness(EngineConfiguration(stopTimeout: .seconds(10), killWait: .seconds(5)))
        harness.send(.stopRequested(.terminate))
        harness.advance(to: 114.9)
        #expect(harness.finishCode == nil)
        harness.advance(to: 116)
        #expect(harness.finishCode == 137)
    }

    @Test("the child ending by itself after ready: its code passes through, signals as 128+n")
    func unexpectedExit() {
        var clean = readyHarness()
        clean.send(.workloadEnded(.process(.exited(0))))
        #expect(clean.finishCode == 0)
        #expect(clean.engine.phase == .stopped(exitCode: 0))

        var crashed = readyHarness()
        let actions = crashed.send(.workloadEnded(.process(.signaled(Signal(number: 11)))))
        #expect(actions.first == .killTree)
        #expect(crashed.finishCode == 139)
        #expect(crashed.engine.phase == .failed(exitCode: 139))
    }

    @Test("--stop-timeout 0: SIGKILL to the tree at once")
    func zeroGrace() {
        var harness = readyHarness(EngineConfiguration(stopTimeout: .zero))
        harness.send(.stopRequested(.terminate))
        harness.advance(to: 100)
        #expect(harness.times(of: .killTree) == [100])
    }

    @Test("a child that ends on the signal punctual received counts as stopped, even with another --stop-signal")
    func receivedSignalIsClean() {
        var harness = readyHarness(EngineConfiguration(stopSignal: .quit))
        harness.send(.stopRequested(.terminate))
        harness.send(.workloadEnded(.process(.signaled(.terminate))))
        #expect(harness.finishCode == 0)
    }

    @Test("a stop request while a failed start waits for the kill is passed on, and the exit stays 124")
    func stopDuringFailedStart() {
        var harness = EngineHarness(
            EngineConfiguration(startupBudget: .seconds(5), probes: [.tcp(Endpoint(host: "127.0.0.1", port: 1))]))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 5.5)
        #expect(harness.engine.failure == .startupBudgetExceeded)
        #expect(harness.send(.stopRequested(.terminate)).contains(.signal(.terminate, .processGroup)))
        harness.send(.workloadEnded(.process(.signaled(.kill))))
        #expect(harness.finishCode == 124)
    }

    @Test("when the keeper is lost, punctual kills the tree itself and exits 70")
    func lostKeeper() {
        var harness = readyHarness()
        let actions = harness.send(.workloadEnded(.process(.lost)))
        #expect(actions.first == .killTree)
        #expect(harness.finishCode == 70)
        #expect(harness.engine.phase == .failed(exitCode: 70))
    }
}
