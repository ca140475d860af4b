import PunctualCore
import Testing

/// A Job object's accounting as a function of time: the fake sampler standing in for
/// `QueryInformationJobObject`, which Wine does not implement.
private struct FakeJob {
    /// Per virtual second: CPU time in 100 ns units, bytes read, bytes written.
    var rate: (Double) -> (cpu100ns: UInt64, read: UInt64, written: UInt64)
    private(set) var totals: (cpu100ns: UInt64, read: UInt64, written: UInt64) = (0, 0, 0)

    init(rate: @escaping (Double) -> (cpu100ns: UInt64, read: UInt64, written: UInt64)) { self.rate = rate }

    /// The accounting at the end of `second`, as the glue reads it.
    mutating func read(after second: Double) -> ResourceUsage {
        let step = rate(second)
        totals = (totals.cpu100ns + step.cpu100ns, totals.read + step.read, totals.written + step.written)
        return WindowsRunRules.usage(cpuTime100ns: totals.cpu100ns, readBytes: totals.read, writeBytes: totals.written)
    }
}

@Suite("--progress-timeout on Windows: the Job's CPU time and I/O, sampled")
struct WindowsProgressTests {
    let tcp = ProbeSpec.tcp(Endpoint(host: "127.0.0.1", port: 8080))

    @Test("--progress-timeout is taken on Windows, as it is")
    func accepted() throws {
        let windows = try WindowsRunRules.engineConfiguration(
            EngineConfiguration(progressTimeout: .seconds(60), stopSignal: nil, probes: [tcp]))
        #expect(windows.progressTimeout == .seconds(60))
    }

    @Test("the Job's 100 ns units are CPU time; reads and writes add up; counters at their limit do not trap")
    func accounting() {
        let usage = WindowsRunRules.usage(cpuTime100ns: 12_345_678, readBytes: 4096, writeBytes: 100)
        #expect(usage.cpuTime == .nanoseconds(1_234_567_800))
        #expect(usage.ioBytes == 4196)
        let huge = WindowsRunRules.usage(cpuTime100ns: .max, readBytes: .max, writeBytes: .max)
        #expect(huge.cpuTime > .seconds(9_000_000_000))
        #expect(huge.ioBytes > 0)
    }

    @Test("I/O counts on Windows from 64 KiB a second: a probe's answer or a log line is not loading")
    func ioRate() {
        let origin = ContinuousClock.now
        var rule = WindowsRunRules.progressRule()
        _ = rule.sample(ResourceUsage(), at: origin)
        #expect(rule.sample(ResourceUsage(ioBytes: 600), at: origin + .seconds(1)) == nil)
        #expect(rule.sample(ResourceUsage(ioBytes: 70_000), at: origin + .seconds(2)) == nil)
        #expect(rule.sample(ResourceUsage(ioBytes: 200_000), at: origin + .seconds(3)) == .io)
    }

    /// Samples `job` every second from the start, tells the engine what `rule` counts as progress,
    /// and returns the harness at `until` seconds or at the failure.
    private func run(_ job: FakeJob, rule: ResourceProgress, until: Double) -> EngineHarness {
        var job = job
        var rule = rule
        var harness = EngineHarness(
            try! WindowsRunRules.engineConfiguration(
                EngineConfiguration(
                    startupBudget: .seconds(600), progressTimeout: .seconds(10), stopSignal: nil, probes: [tcp])))
        harness.send(.workloadStarted(pid: 4242))
        var second = 0.0
        while second < until, harness.engine.failure == nil {
            let usage = job.read(after: second)
            if let source = rule.sample(usage, at: harness.now) { harness.send(.progress(source)) }
            second += 1
            harness.advance(to: second)
        }
        return harness
    }

    /// 40 s of loading (20 % of a core, 4 MB/s read), then stuck: 0.1 % of a core and 300 bytes a
    /// second of probe answers and a log line.
    private let loadsThenHangs = FakeJob { second in
        second < 40 ? (2_000_000, 4_000_000, 0) : (10_000, 200, 100)
    }

    @Test("a Job loading for 40 s lives; once it only answers probes, it fails 10 s after its last work")
    func loadThenHang() {
        let harness = run(loadsThenHangs, rule: WindowsRunRules.progressRule(), until: 120)
        #expect(harness.engine.failure == .noProgress)
        let killed = harness.times(of: .killTree)
        #expect(killed.count == 1)
        #expect((49...51).contains(killed.first ?? 0), "killed at \(killed)")
        #expect(harness.engine.longestQuiet == .seconds(10))
    }

    @Test("with Linux's any-byte rule the same Job counters would keep the hung start alive to its budget")
    func anyByteWouldLie() {
        let harness = run(loadsThenHangs, rule: ResourceProgress(), until: 120)
        #expect(harness.engine.failure == nil)
        #expect(harness.engine.phase == .starting)
    }

    @Test("a Job busy on CPU alone, with no I/O at all, is progress every sample")
    func cpuOnly() {
        let busy = FakeJob { _ in (5_000_000, 0, 0) }
        let harness = run(busy, rule: WindowsRunRules.progressRule(), until: 90)
        #expect(harness.engine.failure == nil)
        #expect(harness.engine.longestQuiet <= .seconds(1))
    }
}
