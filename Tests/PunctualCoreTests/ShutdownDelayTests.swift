import PunctualCore
import Testing

@Suite("The shutdown delay: /readyz fails first, the stop signal later")
struct ShutdownDelayTests {
    let configuration = EngineConfiguration(
        stopTimeout: .seconds(10), probes: [.condition("server")], shutdownDelay: .seconds(5))

    /// A harness whose program is ready at 0 s.
    func ready() -> EngineHarness {
        var harness = EngineHarness(configuration)
        harness.send(.workloadStarted(pid: 42))
        harness.probe(0, holds: true, detail: "listening")
        return harness
    }

    @Test("on SIGTERM /readyz fails at once; the child gets its signal after the delay, SIGKILL a grace later")
    func delayThenStop() {
        var harness = ready()
        harness.advance(to: 20)
        let actions = harness.send(.stopRequested(.terminate))
        #expect(!actions.contains(.signal(.terminate, .processGroup)))
        #expect(harness.engine.health(.readyz).first { $0.name == "shutdown" }?.passed == false)
        #expect(harness.reports.last?.status == .draining(signal: .terminate, remaining: .seconds(5)))
        harness.advance(to: 24.9)
        #expect(harness.times(of: .signal(.terminate, .processGroup)).isEmpty)
        harness.advance(to: 25)
        #expect(harness.times(of: .signal(.terminate, .processGroup)) == [25])
        harness.advance(to: 34.9)
        #expect(harness.times(of: .killTree).isEmpty)
        harness.advance(to: 35)
        #expect(harness.times(of: .killTree) == [35])
        #expect(harness.heartbeatTimes.allSatisfy { $0 < 35 })
        #expect(harness.heartbeatTimes.filter { $0 >= 20 }.count >= 5, "the delay is covered by extensions")
    }

    @Test("a second SIGTERM during the delay ends it: the stop signal goes out once, now, and the grace begins")
    func secondRequestEndsDelay() {
        var harness = ready()
        harness.advance(to: 10)
        harness.send(.stopRequested(.terminate))
        harness.advance(to: 11)
        let actions = harness.send(.stopRequested(.terminate))
        #expect(actions.contains(.signal(.terminate, .processGroup)))
        #expect(actions.contains(.signal(.continue, .processGroup)))
        harness.advance(to: 30)
        #expect(harness.times(of: .signal(.terminate, .processGroup)) == [11])
        #expect(harness.times(of: .killTree) == [21])
    }

    @Test("a child that ends during the delay has stopped; a stop during the start has nothing to drain")
    func endsDuringDelay() {
        var harness = ready()
        harness.send(.stopRequested(.terminate))
        harness.advance(to: 2)
        harness.send(.workloadEnded(.process(.signaled(.terminate))))
        #expect(harness.finishCode == 0)

        var starting = EngineHarness(configuration)
        starting.send(.workloadStarted(pid: 42))
        let actions = starting.send(.stopRequested(.terminate))
        #expect(actions.contains(.signal(.terminate, .processGroup)))
    }
}
