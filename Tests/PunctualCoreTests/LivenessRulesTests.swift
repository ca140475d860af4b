import PunctualCore
import Testing

@Suite("Liveness checks and the watchdog")
struct LivenessRulesTests {
    let configuration = EngineConfiguration(
        probes: [.condition("core")], watchdogInterval: .seconds(4), livenessChecks: ["database"],
        workload: .serviceGroup)

    @Test("after ready, WATCHDOG=1 goes out only while every check passes; the log says when and why")
    func pingsOnlyWhileHealthy() {
        var harness = EngineHarness(configuration)
        harness.send(.workloadStarted(pid: 1))
        harness.probe(0, holds: true, detail: "done")
        harness.advance(to: 5)
        #expect(approximately(harness.times(of: .watchdogPing), [0, 2, 4]))
        harness.send(.livenessChecked(name: "database", failure: "timed out after 2s"))
        #expect(
            harness.facts.last
                == .checkFailing(name: "database", reason: "timed out after 2s", pingsWithheld: true))
        harness.advance(to: 11)
        #expect(harness.times(of: .watchdogPing).count == 3)
        #expect(harness.engine.watchdogPingsWithheld == 3)
        harness.send(.livenessChecked(name: "database", failure: "timed out after 2s"))
        #expect(harness.facts.count { if case .checkFailing("database", _, _) = $0 { true } else { false } } == 1)
        harness.send(.livenessChecked(name: "database", failure: nil))
        #expect(harness.facts.last == .checkPassesAgain(name: "database"))
        harness.advance(to: 13)
        #expect(approximately(harness.times(of: .watchdogPing), [0, 2, 4, 12]))
    }

    @Test("during the start a failing check does not hold back the watchdog: phase budgets judge the start")
    func startIsJudgedByBudgets() {
        var harness = EngineHarness(configuration)
        harness.send(.workloadStarted(pid: 1))
        harness.send(.livenessChecked(name: "task-pool", failure: "no task ran for 5s"))
        harness.advance(to: 7)
        #expect(approximately(harness.times(of: .watchdogPing), [0, 2, 4, 6]))
        harness.probe(0, holds: true, detail: "done")
        harness.advance(to: 12)
        #expect(harness.times(of: .watchdogPing).count == 4)
    }

    @Test("a fatal check: WATCHDOG=trigger at once, then the orderly stop, exit 125")
    func fatalCheck() {
        var harness = EngineHarness(configuration)
        harness.send(.workloadStarted(pid: 1))
        harness.probe(0, holds: true, detail: "done")
        harness.advance(to: 3)
        let actions = harness.send(.livenessFatal(name: "disk", reason: "read-only file system"))
        #expect(actions.first == .watchdogTrigger)
        #expect(actions.contains(.signal(.terminate, .processGroup)))
        #expect(harness.reports.last?.state == .stopping)
        #expect(
            harness.reports.last?.status
                == .failed(.livenessFailed(name: "disk", reason: "read-only file system", inARow: 1), pending: []))
        harness.advance(to: 4)
        harness.send(.workloadEnded(.process(.exited(0))))
        #expect(harness.finishCode == ExitCodes.unhealthy)
    }

    @Test("a fatal check before ready fails the start")
    func fatalBeforeReady() {
        var harness = EngineHarness(configuration)
        harness.send(.workloadStarted(pid: 1))
        let actions = harness.send(.livenessFatal(name: "disk", reason: "gone"))
        #expect(actions.first == .watchdogTrigger)
        #expect(actions.contains(.killTree))
        harness.send(.workloadEnded(.process(.signaled(.kill))))
        #expect(harness.finishCode == ExitCodes.unhealthy)
    }

    @Test("the health endpoints follow the start, the checks and the stop")
    func healthEndpoints() {
        var harness = EngineHarness(configuration)
        func passed(_ endpoint: HealthEndpoint) -> [String: Bool] {
            Dictionary(uniqueKeysWithValues: harness.engine.health(endpoint).map { ($0.name, $0.passed) })
        }
        harness.send(.workloadStarted(pid: 1))
        #expect(passed(.startupz) == ["core": false])
        #expect(passed(.readyz) == ["core": false, "shutdown": true])
        #expect(passed(.livez) == ["ping": true, "database": true])
        harness.probe(0, holds: true, detail: "done")
        #expect(passed(.startupz) == ["core": true])
        #expect(passed(.readyz) == ["core": true, "shutdown": true])
        harness.send(.livenessChecked(name: "database", failure: "refused"))
        #expect(passed(.livez) == ["ping": true, "database": false])
        harness.send(.stopRequested(.terminate))
        #expect(passed(.readyz) == ["core": true, "shutdown": false])
        #expect(passed(.startupz) == ["core": true])
    }
}
