import PunctualCore
import Testing

/// The engine's rule tests assert facts; these assert the words one presentation layer gives them,
/// the sentences a user reads in `STATUS=`, the terminal and the Event Log.
@Suite("The lifecycle in words: STATUS=, the terminal, the Event Log")
struct LifecycleWordsTests {
    let tcp = ProbeSpec.tcp(Endpoint(host: "127.0.0.1", port: 8080))

    func probe(_ spec: ProbeSpec, detail: String?) -> ProbeState {
        var state = ProbeState(spec: spec)
        state.detail = detail
        return state
    }

    @Test("starting: elapsed of budget, what is awaited with what each last said, and what the program says")
    func waiting() {
        let words = LifecycleWords(EngineConfiguration(startupBudget: .seconds(300)))
        let pending = [probe(tcp, detail: "connection refused"), probe(.notify, detail: nil)]
        #expect(
            words.line(.waiting(elapsed: .milliseconds(12300), pending: pending, programSays: nil))
                == "starting: 12.3s of 5m budget; waiting for tcp:127.0.0.1:8080 (connection refused), notify")
        #expect(
            words.line(.waiting(elapsed: .seconds(2), pending: [], programSays: "replaying log 40%"))
                .hasSuffix("; child says: replaying log 40%"))
    }

    @Test("ready, with what each condition said; a start without probes")
    func ready() {
        let words = LifecycleWords(EngineConfiguration())
        let http = ProbeSpec.http(HTTPTarget(endpoint: Endpoint(host: "127.0.0.1", port: 80), path: "/"))
        #expect(
            words.line(
                .ready(
                    after: .seconds(12), conditions: [probe(tcp, detail: "connected"), probe(http, detail: "HTTP 200")])
            )
                == "ready after 12s: tcp:127.0.0.1:8080 (connected), http://127.0.0.1/ (HTTP 200)")
        #expect(words.line(.ready(after: .zero, conditions: [])) == "ready after 0ms")
        #expect(
            words.line(.started(pid: 42, awaiting: [])).hasSuffix("; no probe given, so it counts as ready now"))
    }

    @Test("a failed start names the limit and what was still awaited")
    func startFailures() {
        let words = LifecycleWords(EngineConfiguration(startupBudget: .seconds(300), progressTimeout: .seconds(30)))
        let pending = [probe(tcp, detail: "connection refused")]
        #expect(
            words.line(.failed(.startupBudgetExceeded, pending: pending))
                == "failed: startup budget of 5m exceeded; still waiting for tcp:127.0.0.1:8080 (connection refused)")
        #expect(
            words.line(.failed(.noProgress, pending: []))
                == "failed: no sign of progress (output, CPU, I/O, probe or notify) for 30s")
        #expect(
            words.line(.failed(.phaseOverran(name: "load model", budget: .seconds(90)), pending: []))
                == "failed: the phase 'load model' is still running after its budget of 1m30s")
        #expect(
            words.line(.failed(.phaseFailed(name: "load model", reason: "file not found"), pending: []))
                == "failed: the phase 'load model' failed: file not found")
    }

    @Test("liveness: a failing check, its recovery, and the verdicts that fail the service")
    func liveness() {
        let words = LifecycleWords(EngineConfiguration())
        #expect(
            words.line(.checkFailing(name: "database", reason: "timed out after 2s", pingsWithheld: true))
                == "liveness check 'database' failed: timed out after 2s; watchdog pings withheld while it fails")
        #expect(words.line(.checkPassesAgain(name: "database")) == "liveness check 'database' passes again")
        #expect(
            words.line(.failed(.livenessFailed(name: "disk", reason: "read-only file system", inARow: 1), pending: []))
                == "failed: the liveness check 'disk' failed: read-only file system")
        #expect(
            words.line(.failed(.livenessFailed(name: "ping", reason: "timed out after 1s", inARow: 3), pending: []))
                .hasSuffix("'ping' failed: timed out after 1s (3 times in a row)"))
        #expect(
            words.line(.failed(.watchdog(.silent(for: .seconds(4))), pending: []))
                == "failed: the liveness check 'watchdog' failed: the program sent no WATCHDOG=1 for 4s")
    }

    @Test("the shutdown delay, and a service group's stop counted down, then forced")
    func stopping() {
        let child = LifecycleWords(EngineConfiguration())
        #expect(
            child.line(.draining(signal: .terminate, remaining: .seconds(5)))
                == "stopping: /readyz fails while requests drain; SIGTERM to the child in 5s")
        let group = LifecycleWords(EngineConfiguration(stopTimeout: .seconds(20), workload: .serviceGroup))
        #expect(
            group.line(.stopping(signals: [.terminate], since: .seconds(5), remaining: .seconds(15)))
                == "stopping: graceful shutdown began 5s ago; cancelling the services in 15s")
        #expect(group.line(.stopForced) == "stopping: the services were cancelled after 20s")
    }

    @Test("on Windows: CTRL_BREAK to the process group, then the Job ended")
    func windowsStop() throws {
        let configuration = try WindowsRunRules.engineConfiguration(
            EngineConfiguration(stopTimeout: .seconds(10), stopSignal: nil, probes: [.log("Listening")]))
        let words = LifecycleWords(configuration)
        #expect(
            words.line(.stopRequested(by: .terminate, stopSignal: .interrupt, delay: .zero))
                == "stop requested: sending CTRL_BREAK to the child's process group, ending its Job in 10s")
        #expect(
            words.line(.stopping(signals: [.interrupt, .terminate], since: .seconds(3), remaining: .seconds(7)))
                == "stopping: CTRL_BREAK sent 3s ago; ending the child's Job in 7s")
        #expect(
            words.line(
                .ended(.process(.signaled(.interrupt)), .onStopSignal(.interrupt, after: .seconds(3)))
            )
            .contains("the child ended on CTRL_BREAK, 3s after the stop request"))
        #expect(words.line(.killingAfterStopTimeout) == "the child did not stop within 10s: ending the child's Job")
        #expect(
            words.line(.ended(.process(.signaled(.kill)), .killedAfterStopTimeout))
                .contains("did not stop within 10s and its Job was ended"))
    }

    @Test("a library's services end as Swift code does: returned, threw, were cancelled")
    func libraryOutcomes() {
        let group = LifecycleWords(EngineConfiguration(workload: .serviceGroup))
        let ended = group.line(.ended(.returned, .onItsOwn(after: .seconds(3), failed: true)))
        #expect(ended.hasPrefix("failed: the services returned"))
        #expect(!ended.contains("exit"))
    }

    @Test("the report for the manager carries the status in words, its state and extension unchanged")
    func report() {
        let words = LifecycleWords(EngineConfiguration())
        let report = EngineReport(state: .stopping, status: .stopForced, extendBy: .seconds(10))
        #expect(
            words.report(report)
                == StatusReport(state: .stopping, text: words.line(.stopForced), extendBy: .seconds(10)))
    }
}
