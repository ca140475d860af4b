import PunctualCore
import Testing

@Suite("Watchdog pings")
struct WatchdogRulesTests {
    @Test("pings at half the interval while the child lives, through start and after ready, never after it ends")
    func halfInterval() {
        var harness = EngineHarness(
            EngineConfiguration(probes: [.notify], watchdogInterval: .seconds(4)))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 5)
        harness.send(.childMessage(NotifyMessage([.init("READY", "1")])))
        harness.advance(to: 9)
        #expect(approximately(harness.times(of: .watchdogPing), [0, 2, 4, 6, 8]))
        harness.send(.workloadEnded(.process(.exited(0))))
        harness.advance(to: 30)
        #expect(harness.times(of: .watchdogPing).count == 5)
        #expect(harness.engine.nextDeadline == nil)
    }

    @Test("without WATCHDOG_USEC nothing pings")
    func noWatchdog() {
        var harness = EngineHarness(EngineConfiguration(probes: [.notify]))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 30)
        harness.send(.childMessage(NotifyMessage([.init("READY", "1")])))
        harness.send(.stopRequested(.terminate))
        harness.advance(to: 60)
        #expect(harness.heartbeatTimes.count > 10)
        #expect(harness.times(of: .watchdogPing).isEmpty)
    }

    @Test("pings go on during a stop, while the child still lives")
    func duringStop() {
        var harness = EngineHarness(EngineConfiguration(stopTimeout: .seconds(10), watchdogInterval: .seconds(2)))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 10)
        harness.send(.stopRequested(.terminate))
        let before = harness.times(of: .watchdogPing).count
        harness.advance(to: 15)
        #expect(harness.times(of: .watchdogPing).count == before + 5)
        harness.send(.workloadEnded(.process(.signaled(.terminate))))
        harness.advance(to: 30)
        #expect(harness.times(of: .watchdogPing).count == before + 5)
    }
}
