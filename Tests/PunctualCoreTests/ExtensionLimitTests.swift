import PunctualCore
import Testing

@Suite("Every extension ends within the budget or the stop's limit, plus the margin")
struct ExtensionLimitTests {
    /// The end of each extension sent, in virtual seconds.
    func extensionEnds(_ harness: EngineHarness) -> [Double] {
        harness.log.compactMap { entry in
            guard case .report(let report) = entry.action, let extendBy = report.extendBy else { return nil }
            return entry.at + extendBy.seconds
        }
    }

    @Test("a budget of 8s with progress all along: no extension reaches past 10s")
    func startBudget() {
        var harness = EngineHarness(
            EngineConfiguration(startupBudget: .seconds(8), probes: [.tcp(Endpoint(host: "127.0.0.1", port: 1))]))
        harness.send(.workloadStarted(pid: 42))
        for second in 1...9 {
            harness.advance(to: Double(second))
            harness.send(.progress(.output))
        }
        let ends = extensionEnds(harness)
        #expect(approximately(harness.heartbeatTimes, [0, 2.5, 5, 7.5]))
        #expect(ends.allSatisfy { $0 <= 10 + 1e-9 })
        #expect(ends.max() == 10)
        #expect(harness.finishCode == nil && harness.engine.failure == .startupBudgetExceeded)
    }

    @Test("a stop of 10s with a shutdown delay of 5s: extensions end by 15s after the request plus the margin")
    func stopLimit() {
        var harness = EngineHarness(
            EngineConfiguration(stopTimeout: .seconds(10), shutdownDelay: .seconds(5)))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 100)
        harness.send(.stopRequested(.terminate))
        harness.advance(to: 130)
        let ends = extensionEnds(harness)
        #expect(!ends.isEmpty)
        #expect(ends.allSatisfy { $0 <= 117 + 1e-9 })
        #expect(harness.times(of: .killTree) == [115])
    }

    @Test("early in a long budget the extension is the usual 10s")
    func usualLength() {
        var harness = EngineHarness(
            EngineConfiguration(startupBudget: .seconds(600), probes: [.tcp(Endpoint(host: "127.0.0.1", port: 1))]))
        harness.send(.workloadStarted(pid: 42))
        #expect(harness.reports.first?.extendBy == .seconds(10))
    }
}
