import PunctualCore
import Testing

@Suite("Phases of a Swift service: readiness conditions with budgets of their own")
struct PhaseRulesTests {
    let phases: [ProbeSpec] = [.condition("load model"), .condition("http server")]

    @Test("ready once every condition passed; a phase's progress shows in the status and counts as progress")
    func conditions() {
        var harness = EngineHarness(EngineConfiguration(progressTimeout: .seconds(10), probes: phases))
        harness.send(.workloadStarted(pid: 1))
        harness.send(.phaseStarted(name: "load model", budget: .seconds(90)))
        for step in 1...5 {
            harness.advance(to: Double(step) * 8)
            harness.probe(0, holds: false, detail: "\(step * 20)%")
        }
        guard case .waiting(_, let pending, _) = harness.status else {
            Issue.record("not waiting: \(harness.status)")
            return
        }
        #expect(pending.map(\.detail) == ["100%", nil])
        harness.probe(0, holds: true, detail: "done")
        harness.send(.phaseFinished(name: "load model"))
        #expect(harness.engine.phase == .starting)
        harness.probe(1, holds: true, detail: "listening")
        #expect(harness.engine.phase == .ready)
        #expect(harness.engine.failure == nil)
    }

    @Test("a phase past its budget during the start: which phase, how long; no more extension; exit 124")
    func hungBeforeReady() {
        var harness = EngineHarness(EngineConfiguration(startupBudget: .seconds(600), probes: phases))
        harness.send(.workloadStarted(pid: 1))
        harness.advance(to: 5)
        harness.send(.phaseStarted(name: "load model", budget: .seconds(90)))
        harness.advance(to: 94.9)
        #expect(harness.engine.phase == .starting)
        harness.advance(to: 96)
        #expect(harness.engine.failure == .phaseOverran(name: "load model", budget: .seconds(90)))
        #expect(harness.times(of: .killTree) == [95])
        #expect(
            harness.reports.last?.status
                == .failed(.phaseOverran(name: "load model", budget: .seconds(90)), pending: harness.engine.probes))
        #expect(harness.heartbeatTimes.last.map { $0 < 95 } == true)
        harness.send(.workloadEnded(.process(.signaled(.kill))))
        #expect(harness.finishCode == 124)
    }

    @Test("a background phase past its budget after ready: the service is stopped the orderly way and fails")
    func hungAfterReady() {
        var harness = EngineHarness(EngineConfiguration(stopTimeout: .seconds(10)))
        harness.send(.workloadStarted(pid: 1))
        harness.send(.phaseStarted(name: "warm cache", budget: .seconds(30)))
        harness.advance(to: 31)
        #expect(harness.times(of: .signal(.terminate, .processGroup)) == [30])
        #expect(harness.engine.phase == .stopping)
        harness.send(.workloadEnded(.process(.exited(0))))
        #expect(harness.finishCode == 124)
    }

    @Test("a finished phase has no deadline any more")
    func finishedPhase() {
        var harness = EngineHarness(EngineConfiguration())
        harness.send(.workloadStarted(pid: 1))
        harness.send(.phaseStarted(name: "warm cache", budget: .seconds(30)))
        harness.advance(to: 10)
        harness.send(.phaseFinished(name: "warm cache"))
        #expect(harness.engine.nextDeadline == nil)
        harness.advance(to: 100)
        #expect(harness.engine.failure == nil)
    }

    @Test("a phase that throws fails the start at once with exit 1, and a running service the orderly way")
    func phaseFails() {
        var starting = EngineHarness(EngineConfiguration(probes: phases))
        starting.send(.workloadStarted(pid: 1))
        starting.advance(to: 3)
        let actions = starting.send(.phaseFailed(name: "load model", reason: "file not found"))
        #expect(actions.contains(.killTree))
        guard case .failed(.phaseFailed("load model", "file not found"), _) = starting.reports.last?.status else {
            Issue.record("no failed report: \(String(describing: starting.reports.last))")
            return
        }
        starting.send(.workloadEnded(.process(.signaled(.kill))))
        #expect(starting.finishCode == 1)

        var running = EngineHarness(EngineConfiguration())
        running.send(.workloadStarted(pid: 1))
        let stopping = running.send(.phaseFailed(name: "warm cache", reason: "disk full"))
        #expect(stopping.contains(.signal(.terminate, .processGroup)))
        running.send(.workloadEnded(.process(.exited(0))))
        #expect(running.finishCode == 1)
    }
}
