import PunctualCore
import Testing

@Suite("What counts as progress in a tree's CPU time and storage I/O")
struct ResourceProgressTests {
    let origin = ContinuousClock.now

    func at(_ seconds: Double) -> ContinuousClock.Instant { origin + .milliseconds(Int64(seconds * 1000)) }

    @Test("the first sample is a baseline, not evidence")
    func baseline() {
        var rule = ResourceProgress()
        #expect(rule.sample(ResourceUsage(cpuTime: .seconds(5), ioBytes: 100), at: at(0)) == nil)
    }

    @Test("any storage I/O counts")
    func storage() {
        var rule = ResourceProgress()
        _ = rule.sample(ResourceUsage(ioBytes: 100), at: at(0))
        #expect(rule.sample(ResourceUsage(ioBytes: 100), at: at(1)) == nil)
        #expect(rule.sample(ResourceUsage(ioBytes: 4196), at: at(2)) == .io)
    }

    @Test("CPU counts at 1 % of a core since the last evidence; a trickle below it never does")
    func cpuShare() {
        var busy = ResourceProgress()
        _ = busy.sample(ResourceUsage(cpuTime: .zero), at: at(0))
        #expect(busy.sample(ResourceUsage(cpuTime: .milliseconds(10)), at: at(1)) == .cpu)

        var trickle = ResourceProgress()
        _ = trickle.sample(ResourceUsage(cpuTime: .zero), at: at(0))
        for second in 1...120 {
            let usage = ResourceUsage(cpuTime: .milliseconds(Int64(second) * 5))
            #expect(trickle.sample(usage, at: at(Double(second))) == nil)
        }
    }

    @Test("a tree that shrank (a process ended) restarts the baseline without counting")
    func shrink() {
        var rule = ResourceProgress()
        _ = rule.sample(ResourceUsage(cpuTime: .seconds(3)), at: at(0))
        #expect(rule.sample(ResourceUsage(cpuTime: .seconds(1)), at: at(1)) == nil)
        #expect(rule.sample(ResourceUsage(cpuTime: .milliseconds(1005)), at: at(2)) == nil)
        #expect(rule.sample(ResourceUsage(cpuTime: .milliseconds(1100)), at: at(3)) == .cpu)
    }
}
