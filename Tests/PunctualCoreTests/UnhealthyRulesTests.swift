import PunctualCore
import Testing

@Suite("After ready: liveness failures in a row, a stopped process, a child that stops feeding the watchdog")
struct UnhealthyRulesTests {
    /// `punctual run --ready tcp:… --live http://… --live-failures 3` under `WatchdogSec=4`.
    let wrapper = EngineConfiguration(
        stopTimeout: .seconds(10), probes: [.tcp(Endpoint(host: "127.0.0.1", port: 8080))],
        watchdogInterval: .seconds(4), livenessChecks: ["http://127.0.0.1:8080/healthz", "process"],
        livenessFailureThreshold: 3)
    let check = "http://127.0.0.1:8080/healthz"

    mutating func ready(_ configuration: EngineConfiguration) -> EngineHarness {
        var harness = EngineHarness(configuration)
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 1)
        harness.probe(0, holds: true, detail: "connected")
        return harness
    }

    @Test("the checks begin at ready, never before; failures during the start count for nothing")
    mutating func checksBeginAtReady() {
        var harness = EngineHarness(wrapper)
        harness.send(.workloadStarted(pid: 42))
        for _ in 0..<5 { harness.send(.livenessChecked(name: check, failure: "refused")) }
        #expect(!harness.log.contains { $0.action == .startLivenessChecks })
        #expect(harness.engine.phase == .starting)
        let actions = harness.probe(0, holds: true, detail: "connected")
        #expect(actions.last == .startLivenessChecks)
        #expect(harness.engine.phase == .ready)
    }

    @Test("N failures in a row: unhealthy, WATCHDOG=trigger, the stop signal, the grace, exit 125")
    mutating func failuresInARow() {
        var harness = ready(wrapper)
        harness.send(.livenessChecked(name: check, failure: "HTTP 500"))
        harness.send(.livenessChecked(name: check, failure: nil))
        harness.send(.livenessChecked(name: check, failure: "HTTP 500"))
        harness.send(.livenessChecked(name: check, failure: "timed out after 1s"))
        #expect(harness.engine.phase == .ready, "two in a row after a pass are not three")
        let actions = harness.send(.livenessChecked(name: check, failure: "timed out after 1s"))
        #expect(actions.first == .watchdogTrigger)
        #expect(actions.contains(.signal(.terminate, .processGroup)))
        let report = harness.reports.last
        #expect(report?.state == .stopping)
        #expect(
            report?.status
                == .failed(.livenessFailed(name: check, reason: "timed out after 1s", inARow: 3), pending: []))
        harness.advance(by: 10)
        #expect(harness.log.last?.action == .killTree)
        harness.send(.workloadEnded(.process(.signaled(.kill))))
        #expect(harness.finishCode == ExitCodes.unhealthy)
    }

    @Test("without a threshold (the library) failures only withhold pings")
    mutating func noThreshold() {
        var configuration = wrapper
        configuration.livenessFailureThreshold = nil
        var harness = ready(configuration)
        for _ in 0..<10 { harness.send(.livenessChecked(name: check, failure: "HTTP 500")) }
        #expect(harness.engine.phase == .ready)
    }

    @Test("a stopped process withholds WATCHDOG=1 at once, and at the threshold is continued and stopped")
    mutating func stoppedProcess() {
        var harness = ready(wrapper)
        harness.advance(to: 4.5)
        let before = harness.times(of: .watchdogPing)
        #expect(approximately(before, [0, 2, 4]))
        harness.send(.workloadSampled(.stopped, counts: true))
        harness.advance(to: 7)
        #expect(harness.times(of: .watchdogPing) == before)
        #expect(harness.engine.watchdogPingsWithheld == 1)
        harness.send(.workloadSampled(.stopped, counts: true))
        let actions = harness.send(.workloadSampled(.stopped, counts: true))
        #expect(
            actions == [
                .watchdogTrigger,
                .log(
                    .error,
                    .serviceFailed(
                        .livenessFailed(
                            name: WorkloadCondition.checkName, reason: WorkloadCondition.stopped.failure!, inARow: 3))
                ),
                .signal(.terminate, .processGroup), .signal(.continue, .processGroup),
                actions.last!,
            ])
    }

    @Test("a stopped process withholds pings during the start too, without failing it: the start has its own rules")
    mutating func stoppedDuringStart() {
        var harness = EngineHarness(wrapper)
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 3)
        harness.send(.workloadSampled(.stopped, counts: true))
        harness.send(.workloadSampled(.stopped, counts: true))
        harness.send(.workloadSampled(.stopped, counts: true))
        harness.advance(to: 9)
        #expect(approximately(harness.times(of: .watchdogPing), [0, 2]))
        #expect(harness.engine.phase == .starting)
        harness.send(.workloadSampled(.running, counts: true))
        harness.advance(to: 10.5)
        #expect(approximately(harness.times(of: .watchdogPing), [0, 2, 10]))
    }

    @Test("a notify child feeds the watchdog: its pings are relayed while the checks pass; silence is a hang")
    mutating func childFeedsWatchdog() {
        var configuration = EngineConfiguration(
            probes: [.notify], watchdogInterval: .seconds(4), livenessChecks: ["process"],
            livenessFailureThreshold: 3, childFeedsWatchdog: true)
        configuration.stopTimeout = .seconds(5)
        var harness = EngineHarness(configuration)
        let ping = NotifyMessage([.init("WATCHDOG", "1")])
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 0.5)
        harness.send(.childMessage(ping))
        harness.advance(to: 1)
        harness.send(.childMessage(NotifyMessage([.init("READY", "1")])))
        #expect(approximately(harness.times(of: .watchdogPing), [0]), "before ready punctual's timer feeds it")
        harness.advance(to: 3)
        #expect(approximately(harness.times(of: .watchdogPing), [0]), "after ready only the child's pings count")
        harness.send(.childMessage(ping))
        harness.advance(to: 5)
        harness.send(.childMessage(ping))
        #expect(approximately(harness.times(of: .watchdogPing), [0, 3, 5]))
        harness.send(.workloadSampled(.zombie, counts: true))
        harness.send(.childMessage(ping))
        #expect(harness.times(of: .watchdogPing).count == 3, "not relayed while punctual's own check fails")
        harness.send(.workloadSampled(.running, counts: true))
        harness.advance(to: 8.9)
        #expect(harness.engine.phase == .ready)
        harness.advance(to: 9.1)
        #expect(harness.engine.phase == .stopping)
        #expect(harness.times(of: .watchdogTrigger) == [9])
        #expect(harness.reports.last?.status == .failed(.watchdog(.silent(for: .seconds(4))), pending: []))
    }

    @Test(
        "a notify child that never pings is fed by punctual's timer, as before; READY=1 and WATCHDOG=1 in one datagram both count"
    )
    mutating func childNeverPings() {
        let configuration = EngineConfiguration(
            probes: [.notify], watchdogInterval: .seconds(4), childFeedsWatchdog: true)
        var silent = EngineHarness(configuration)
        silent.send(.workloadStarted(pid: 42))
        silent.send(.childMessage(NotifyMessage([.init("READY", "1")])))
        silent.advance(to: 20)
        #expect(silent.engine.phase == .ready)
        #expect(silent.times(of: .watchdogPing).count == 11)

        var both = EngineHarness(configuration)
        both.send(.workloadStarted(pid: 42))
        both.advance(to: 1)
        both.send(.childMessage(NotifyMessage([.init("READY", "1"), .init("WATCHDOG", "1")])))
        #expect(both.engine.phase == .ready)
        both.advance(to: 4.9)
        #expect(both.engine.phase == .ready)
        both.advance(to: 5.1)
        #expect(both.engine.failure == .watchdog(.silent(for: .seconds(4))))
    }

    @Test("a look at the process before a ping withholds it but counts for no verdict")
    mutating func glanceDoesNotCount() {
        var harness = ready(wrapper)
        for _ in 0..<5 { harness.send(.workloadSampled(.stopped, counts: false)) }
        #expect(harness.engine.phase == .ready)
        harness.advance(to: 3)
        #expect(harness.engine.watchdogPingsWithheld >= 1)
    }

    @Test("SIGABRT, the manager's watchdog: no shutdown delay, SIGTERM to the program, exit 125")
    mutating func managerWatchdogFired() {
        var configuration = wrapper
        configuration.shutdownDelay = .seconds(5)
        var harness = ready(configuration)
        let actions = harness.send(.stopRequested(.abort))
        #expect(actions.contains(.signal(.terminate, .processGroup)))
        #expect(!actions.contains(.signal(.abort, .processGroup)))
        harness.send(.stopRequested(.abort))
        #expect(harness.times(of: .signal(.terminate, .processGroup)).count == 1)
        harness.send(.workloadEnded(.process(.signaled(.terminate))))
        #expect(harness.finishCode == ExitCodes.unhealthy)
    }

    @Test("WATCHDOG=trigger from the child is a fatal failure")
    mutating func childTriggers() {
        var harness = EngineHarness(
            EngineConfiguration(probes: [.notify], watchdogInterval: .seconds(4), childFeedsWatchdog: true))
        harness.send(.workloadStarted(pid: 42))
        harness.send(.childMessage(NotifyMessage([.init("READY", "1")])))
        let actions = harness.send(.childMessage(NotifyMessage([.init("WATCHDOG", "trigger")])))
        #expect(actions.first == .watchdogTrigger)
        #expect(harness.engine.failure == .watchdog(.triggered))
    }

    @Test("/livez fails once the service is judged unhealthy or its start hung, not before")
    mutating func livezFollowsTheVerdict() {
        var harness = ready(wrapper)
        func ping() -> Bool? { harness.engine.health(.livez).first { $0.name == "ping" }?.passed }
        harness.send(.livenessChecked(name: check, failure: "HTTP 500"))
        #expect(ping() == true)
        harness.send(.livenessChecked(name: check, failure: "HTTP 500"))
        harness.send(.livenessChecked(name: check, failure: "HTTP 500"))
        #expect(ping() == false)

        var start = EngineHarness(EngineConfiguration(startupBudget: .seconds(60), probes: wrapper.probes))
        start.send(.workloadStarted(pid: 1))
        start.advance(to: 59)
        #expect(start.engine.health(.livez).allSatisfy { $0.passed })
        start.advance(to: 61)
        #expect(start.engine.health(.livez).first?.passed == false)
    }
}
