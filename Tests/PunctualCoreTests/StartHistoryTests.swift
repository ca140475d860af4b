import PunctualCore
import Testing

@Suite("The start history: one line per start, read back whole, bad lines dropped, a budget proposed")
struct StartHistoryTests {
    @Test("written and read back: ready and failed starts, to the millisecond")
    func roundTrip() {
        let history = StartHistory()
            .adding(StartHistory.Start(at: 1_800_000_000, duration: .milliseconds(12_345)))
            .adding(StartHistory.Start(at: 1_800_000_100, duration: .seconds(600), failure: 124))
        #expect(history.text == "1800000000 ready 12.345\n1800000100 failed 600.000 124\n")
        #expect(StartHistory(text: history.text) == history)
    }

    @Test("the longest time without progress, when it was watched, is kept and proposes a progress timeout")
    func quiet() {
        var history = StartHistory()
        for (seconds, quiet) in [(20, 4.0), (21, 5), (22, 3), (25, 8), (24, 6)] {
            history = history.adding(
                StartHistory.Start(at: 0, duration: .seconds(seconds), quiet: .milliseconds(Int64(quiet * 1000))))
        }
        history = history.adding(StartHistory.Start(at: 1, duration: .seconds(30), failure: 124, quiet: .seconds(30)))
        #expect(history.text.hasPrefix("0 ready 20.000 quiet 4.000\n"))
        #expect(history.text.hasSuffix("1 failed 30.000 124 quiet 30.000\n"))
        #expect(StartHistory(text: history.text) == history)
        #expect(history.quietP99 == .seconds(8))
        #expect(history.proposedProgressTimeout == .seconds(12))
        #expect(
            history.summary().last
                == "p99 of their longest times without progress: 8s; a progress timeout of 12s (p99 × 1.5) covers them")
        #expect(
            StartHistory(text: "1 ready 2.0 quiet\n2 ready 2.0 quiet x\n3 failed 1.0 quiet 2.0\n").unreadableLines == 3)
    }

    @Test("lines that are not a start are counted and dropped, never fatal")
    func corrupt() {
        let read = StartHistory(
            text:
                "1800000000 ready 1.500\ngarbage\n\u{0}\u{1}\n1800000001 failed 2.0\n1800000002 ready -1\n1800000003 ready 2.250\n"
        )
        #expect(read.starts.map(\.duration) == [.milliseconds(1500), .milliseconds(2250)])
        #expect(read.unreadableLines == 4)
        #expect(StartHistory(text: read.text).unreadableLines == 0)
    }

    @Test("only the last 50 starts are kept")
    func kept() {
        var history = StartHistory()
        for index in 0..<60 { history = history.adding(StartHistory.Start(at: Int64(index), duration: .seconds(1))) }
        #expect(history.starts.count == 50)
        #expect(history.starts.first?.at == 10)
    }

    @Test("a budget from five ready starts or more: p99 × 1.5; failed starts do not count")
    func proposal() {
        var history = StartHistory()
        for seconds in [10, 12, 11] { history = history.adding(StartHistory.Start(at: 0, duration: .seconds(seconds))) }
        history = history.adding(StartHistory.Start(at: 0, duration: .seconds(600), failure: 124))
        #expect(history.proposedBudget == nil)
        for seconds in [13, 40] { history = history.adding(StartHistory.Start(at: 0, duration: .seconds(seconds))) }
        #expect(history.readyP99 == .seconds(40))
        #expect(history.proposedBudget == .seconds(60))
        let summary = history.summary(last: 3)
        #expect(summary.first == "last starts, oldest first: failed after 10m (exit 124), ready in 13s, ready in 40s")
        #expect(summary.last == "p99 of 5 ready starts: 40s; a budget of 1m (p99 × 1.5) covers them")
    }
}
