import PunctualCore
import Testing

@Suite("Start: heartbeats, readiness, budget and progress")
struct StartupRulesTests {
    let tcp = ProbeSpec.tcp(Endpoint(host: "127.0.0.1", port: 8080))

    @Test("extends at once on start, then every quarter of the extension")
    func extensionCadence() {
        var harness = EngineHarness(EngineConfiguration(probes: [tcp]))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 11)
        #expect(approximately(harness.heartbeatTimes, [0, 2.5, 5, 7.5, 10]))
        #expect(harness.reports.allSatisfy { $0.extendBy == .seconds(10) && $0.state == .starting })
        #expect(harness.engine.heartbeatsSent == 5)
    }

    @Test("a late tick does not bunch heartbeats up, and the next one is one interval later")
    func lateTick() {
        var harness = EngineHarness(EngineConfiguration(probes: [tcp]))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 0)
        let late = harness.origin + .seconds(6)
        let actions = harness.engine.handle(.tick, at: late)
        #expect(actions.count == 1)
        #expect(harness.engine.nextDeadline == late + .milliseconds(2500))
    }

    @Test("heartbeats stop the moment every probe has passed, and nothing is scheduled after")
    func readyStopsHeartbeats() {
        let http = ProbeSpec.http(HTTPTarget(endpoint: Endpoint(host: "127.0.0.1", port: 80), path: "/"))
        var harness = EngineHarness(EngineConfiguration(probes: [tcp, http]))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 4)
        harness.probe(0, holds: true, detail: "connected")
        #expect(harness.engine.phase == .starting)
        harness.advance(to: 12)
        let actions = harness.probe(1, holds: true, detail: "HTTP 200")
        #expect(harness.engine.phase == .ready)
        #expect(actions.contains(.stopProbing))
        #expect(
            actions.contains(
                .report(
                    EngineReport(state: .ready, status: .ready(after: .seconds(12), conditions: harness.engine.probes)))
            ))
        #expect(harness.engine.probes.map(\.detail) == ["connected", "HTTP 200"])
        #expect(harness.engine.nextDeadline == nil)
        harness.advance(to: 600)
        #expect(approximately(harness.heartbeatTimes, [0, 2.5, 5, 7.5, 10]))
    }

    @Test("without probes the child is ready once spawned, and no heartbeat is sent")
    func noProbes() {
        var harness = EngineHarness(EngineConfiguration())
        let actions = harness.send(.workloadStarted(pid: 7))
        #expect(harness.engine.phase == .ready)
        #expect(actions.contains(.report(EngineReport(state: .ready, status: .ready(after: .zero, conditions: [])))))
        #expect(harness.heartbeatTimes.isEmpty)
    }

    @Test("past the startup budget: no more extension, the reason reported, the tree killed, exit 124")
    func startupBudget() {
        var harness = EngineHarness(EngineConfiguration(startupBudget: .seconds(300), probes: [tcp]))
        harness.send(.workloadStarted(pid: 42))
        harness.probe(0, holds: false, detail: "connection refused")
        harness.advance(to: 299.9)
        #expect(harness.engine.phase == .starting)
        harness.advance(to: 301)
        #expect(harness.times(of: .killTree) == [300])
        #expect(harness.heartbeatTimes.last == 297.5)
        let failure = harness.reports.last
        #expect(failure?.state == .stopping)
        #expect(failure?.extendBy == nil)
        #expect(failure?.status == .failed(.startupBudgetExceeded, pending: harness.engine.probes))
        #expect(harness.engine.probes.map(\.detail) == ["connection refused"])
        harness.send(.workloadEnded(.process(.signaled(.kill))))
        #expect(harness.finishCode == ExitCodes.timeout)
        #expect(harness.engine.phase == .failed(exitCode: 124))
        #expect(harness.engine.failure == .startupBudgetExceeded)
    }

    @Test("a start that keeps showing progress lives; silence for the progress timeout fails it")
    func progressTimeout() {
        var harness = EngineHarness(
            EngineConfiguration(startupBudget: .seconds(600), progressTimeout: .seconds(30), probes: [tcp]))
        harness.send(.workloadStarted(pid: 42))
        for second in stride(from: 20.0, through: 120, by: 20) {
            harness.advance(to: second)
            harness.send(.progress(.io))
        }
        harness.advance(to: 149.9)
        #expect(harness.engine.phase == .starting)
        harness.advance(to: 151)
        #expect(harness.times(of: .killTree) == [150])
        #expect(harness.engine.failure == .noProgress)
        #expect(harness.reports.last?.status == .failed(.noProgress, pending: harness.engine.probes))
        harness.send(.workloadEnded(.process(.signaled(.kill))))
        #expect(harness.finishCode == 124)
    }

    @Test("the longest time without progress is kept, up to ready and up to a failed start")
    func longestQuiet() {
        var ready = EngineHarness(EngineConfiguration(progressTimeout: .seconds(30), probes: [tcp]))
        ready.send(.workloadStarted(pid: 42))
        for (second, source) in [(2.0, ProgressSource.output), (9, .cpu), (10, .io)] {
            ready.advance(to: second)
            ready.send(.progress(source))
        }
        ready.advance(to: 13)
        #expect(ready.engine.longestQuiet == .seconds(7))
        ready.advance(to: 21)
        ready.probe(0, holds: true, detail: "connected")
        #expect(ready.engine.phase == .ready)
        #expect(ready.engine.longestQuiet == .seconds(11))

        var failed = EngineHarness(EngineConfiguration(progressTimeout: .seconds(5), probes: [tcp]))
        failed.send(.workloadStarted(pid: 42))
        failed.advance(to: 1)
        failed.send(.progress(.io))
        failed.advance(to: 7)
        #expect(failed.engine.failure == .noProgress)
        #expect(failed.engine.longestQuiet == .seconds(5))
    }

    @Test("a probe's answer changing counts as progress; the same answer again does not")
    func probeDetailProgress() {
        var same = EngineHarness(EngineConfiguration(progressTimeout: .seconds(10), probes: [tcp]))
        same.send(.workloadStarted(pid: 42))
        same.probe(0, holds: false, detail: "connection refused")
        same.advance(to: 8)
        same.probe(0, holds: false, detail: "connection refused")
        same.advance(to: 10.1)
        #expect(same.engine.failure == .noProgress)
        #expect(same.times(of: .killTree) == [10])

        var changed = EngineHarness(EngineConfiguration(progressTimeout: .seconds(10), probes: [tcp]))
        changed.send(.workloadStarted(pid: 42))
        changed.probe(0, holds: false, detail: "connection refused")
        changed.advance(to: 9)
        changed.probe(0, holds: false, detail: "HTTP 503")
        changed.advance(to: 18.9)
        #expect(changed.engine.phase == .starting)
        changed.advance(to: 19.1)
        #expect(changed.engine.failure == .noProgress)
    }

    @Test("the child's notify messages: any message is progress, STATUS shows, READY=1 passes the notify probe")
    func childNotify() {
        var harness = EngineHarness(EngineConfiguration(progressTimeout: .seconds(5), probes: [.notify]))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 4)
        harness.send(.childMessage(NotifyMessage([.init("EXTEND_TIMEOUT_USEC", "5000000")])))
        harness.advance(to: 8.9)
        #expect(harness.engine.phase == .starting)
        harness.send(.childMessage(NotifyMessage([.init("STATUS", "replaying log 40%")])))
        guard case .waiting(_, _, let programSays) = harness.status else {
            Issue.record("not waiting: \(harness.status)")
            return
        }
        #expect(programSays == "replaying log 40%")
        harness.advance(to: 12)
        #expect(harness.engine.phase == .starting)
        harness.send(.childMessage(NotifyMessage([.init("READY", "1")])))
        #expect(harness.engine.phase == .ready)
    }

    @Test("a child that ends before it is ready fails the start with its own code, and 0 becomes 1")
    func exitBeforeReady() {
        var failing = EngineHarness(EngineConfiguration(probes: [tcp]))
        failing.send(.workloadStarted(pid: 42))
        failing.advance(to: 3)
        failing.send(.workloadEnded(.process(.exited(3))))
        #expect(failing.finishCode == 3)
        #expect(failing.engine.phase == .failed(exitCode: 3))

        var quitting = EngineHarness(EngineConfiguration(probes: [tcp]))
        quitting.send(.workloadStarted(pid: 42))
        quitting.send(.workloadEnded(.process(.exited(0))))
        #expect(quitting.finishCode == 1)
    }

    @Test("a spawn failure reports and finishes with its code")
    func spawnFailure() {
        var harness = EngineHarness(EngineConfiguration(probes: [tcp]))
        harness.send(.workloadFailedToStart(reason: "cannot run 'nope': not found", exitCode: 127))
        #expect(harness.finishCode == 127)
        #expect(harness.reports.last?.state == .stopped(exitCode: 127))
    }

    @Test("the status while starting: elapsed time and what is awaited, with what each last said")
    func waitingStatus() {
        var harness = EngineHarness(EngineConfiguration(startupBudget: .seconds(300), probes: [tcp, .notify]))
        harness.send(.workloadStarted(pid: 42))
        harness.probe(0, holds: false, detail: "connection refused")
        harness.advance(to: 12.3)
        #expect(
            harness.status
                == .waiting(elapsed: .milliseconds(12300), pending: harness.engine.probes, programSays: nil))
        #expect(harness.engine.probes.map(\.detail) == ["connection refused", nil])
    }
}
