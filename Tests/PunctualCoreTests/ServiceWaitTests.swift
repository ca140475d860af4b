import PunctualCore
import Testing

@Suite("punctual start and stop: waiting on the SCM like a good control program")
struct ServiceWaitTests {
    let zero = ContinuousClock.now
    func at(_ seconds: Double) -> ContinuousClock.Instant { zero + .milliseconds(Int64(seconds * 1000)) }
    func pending(_ checkPoint: UInt32, hint: UInt32 = 3000) -> ServiceStatus {
        ServiceStatus(state: .startPending, checkPoint: checkPoint, waitHintMilliseconds: hint)
    }

    @Test("a start that keeps moving its checkpoint is followed to RUNNING, each step printed once")
    func movingStart() {
        var wait = ServiceWait(for: .running, limit: .seconds(600), at: zero)
        #expect(wait.observe(pending(1), at: at(0.1)) == .waiting(progress: "100ms: START_PENDING, checkpoint 1"))
        #expect(wait.observe(pending(1), at: at(2)) == .waiting(progress: nil))
        #expect(wait.pollInterval == .milliseconds(300))
        for step in 1...40 {
            guard case .waiting(let progress?) = wait.observe(pending(UInt32(step + 1)), at: at(Double(step) * 2.5))
            else {
                Issue.record("step \(step) was not printed as progress")
                return
            }
            #expect(progress.hasSuffix("START_PENDING, checkpoint \(step + 1)"))
        }
        #expect(wait.observe(ServiceStatus(state: .running), at: at(101)) == .reached("RUNNING after 1m41s"))
    }

    @Test("a checkpoint that stops moving fails once its wait hint has passed: what Windows calls 1053")
    func stalledStart() {
        var wait = ServiceWait(for: .running, limit: .seconds(600), at: zero)
        _ = wait.observe(pending(4), at: at(0))
        #expect(wait.observe(pending(4), at: at(3.2)) == .waiting(progress: nil))
        guard case .failed(let reason) = wait.observe(pending(4), at: at(3.4)) else {
            Issue.record("no failure after the wait hint")
            return
        }
        #expect(reason.hasPrefix("no progress within the wait hint of 3s: START_PENDING at checkpoint 4"))
    }

    @Test("a start that ends STOPPED reports the service's exit code")
    func failedStart() {
        var wait = ServiceWait(for: .running, limit: .seconds(600), at: zero)
        _ = wait.observe(pending(1), at: at(0))
        let stopped = ServiceStatus(state: .stopped, win32ExitCode: 1066, serviceSpecificExitCode: 124)
        #expect(wait.observe(stopped, at: at(1)) == .failed("the service stopped while starting, exit code 124"))
        var atOnce = ServiceWait(for: .running, limit: .seconds(600), at: zero)
        #expect(atOnce.observe(stopped, at: at(0.1)) == .failed("the service stopped while starting, exit code 124"))
    }

    @Test("a stop reaches STOPPED; the overall limit ends even a wait that keeps progressing")
    func stopAndLimit() {
        var stop = ServiceWait(for: .stopped, limit: .seconds(60), at: zero)
        _ = stop.observe(ServiceStatus(state: .stopPending, checkPoint: 1, waitHintMilliseconds: 5000), at: at(0))
        #expect(stop.observe(ServiceStatus(state: .stopped), at: at(4)) == .reached("STOPPED after 4s"))
        var limited = ServiceWait(for: .running, limit: .seconds(10), at: zero)
        _ = limited.observe(pending(1), at: at(0))
        #expect(limited.observe(pending(9), at: at(10.5)) == .failed("still START_PENDING after 10s; giving up"))
    }
}
