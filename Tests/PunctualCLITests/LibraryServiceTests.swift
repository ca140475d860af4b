import Glibc
import PunctualCore
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("A Swift service on the Punctual library, under a stand-in for systemd")
struct LibraryServiceTests {
    static let probe = PunctualProcess.sibling("library-probe")

    private func start(_ arguments: [String], _ listener: NotifyListener) throws -> PunctualProcess {
        try PunctualProcess(arguments, program: Self.probe, environment: listener.environment)
    }

    /// The largest gap between two consecutive EXTEND_TIMEOUT_USEC messages.
    private func largestExtendGap(_ messages: [(at: ContinuousClock.Instant, message: NotifyMessage)]) -> Duration {
        let extends = messages.filter { $0.message.extendTimeout != nil }.map(\.at)
        return zip(extends.dropFirst(), extends).map { $0 - $1 }.max() ?? .zero
    }

    @Test(
        "a declaration that cannot work: one line naming it with an example, exit 64, nothing started",
        arguments: [
            (["--check", "db:pass", "--check", "db:pass"], "two phases, conditions or checks are named 'db'"),
            (["--check", "task-pool:pass"], "a liveness check may not be named 'task-pool'"),
            (["--shutdown-delay", "5", "--graceful-limit", "5"], "shutdownDelay (5s) must be shorter"),
            (["--phase", "load:1:0"], "the phase 'load' has a budget of 0ms: give it time, e.g. budget: .seconds(90)"),
            (
                ["--dependency", "redis://:pw@cache:99999"],
                "the dependency 'redis://:***@cache:99999' is not a probe: '99999' is not a port"
            ),
            (["--dependency", "notify"], "the dependency 'notify' is not a probe: a dependency is asked, not told"),
            (
                ["--registry", "etcd://127.0.0.1:2379"],
                "the registry 'etcd://127.0.0.1:2379': the key prefix is missing"
            ),
            (
                ["--registry", "etcd://127.0.0.1:2379/s", "--registry-instance", "a/b"],
                "the registry's instance 'a/b' must be a name without '/'"
            ),
        ])
    func declarationMistakes(arguments: [String], line: String) throws {
        let listener = try NotifyListener()
        let result = try start(arguments, listener).finish()
        #expect(result.exitCode == 64)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains("error") }
        #expect(errors.count == 1)
        #expect(errors.first?.contains(line) == true, "\(result.stderr)")
        #expect(!result.stdout.contains("service:"))
        #expect(listener.timedMessages(until: { _ in false }, timeout: .milliseconds(200)).isEmpty)
    }

    @Test("a registry (a real etcd): STARTING with the phase under way, RUNNING at READY=1, revoked at the end")
    func registry() throws {
        let etcd = try EtcdCluster()
        let watcher = try KeyWatcher(etcd, key: "/services/lib/l1")
        defer { watcher.stop() }
        let listener = try NotifyListener()
        let service = try start(
            [
                "--phase", "load model:1.5:10", "--registry", etcd.url(prefix: "/services/lib"),
                "--registry-instance", "l1", "--stop-seconds", "0.5",
            ], listener)
        #expect(eventually(timeout: .seconds(3)) { (etcd.value(of: "/services/lib/l1") ?? nil) != nil })
        let starting = try #require(etcd.value(of: "/services/lib/l1") ?? nil)
        #expect(starting.contains("\"state\":\"STARTING\""), "\(starting)")
        #expect(starting.contains("\"phase\":\"load model\""), "\(starting)")
        #expect(starting.contains("\"progress\":\"load model\"}"), "\(starting)")
        let readyAt = try #require(
            listener.timedMessages(until: { $0["READY"] == "1" }).last { $0.message["READY"] == "1" }?.at)
        #expect(watcher.wait(for: "RUNNING", timeout: .seconds(2)), "\(service.stderr)")
        let running = try #require(watcher.firstTime("RUNNING"))
        #expect(abs((running - readyAt).seconds) <= 0.1, "RUNNING \(running - readyAt) from READY=1")
        service.send(SIGTERM)
        let result = service.finish(timeout: .seconds(20))
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(etcd.state(of: "/services/lib/l1") == .some(nil), "revoked before the process exits")
        #expect(watcher.states.contains("STOPPING"), "\(watcher.states)")
    }

    @Test("a dependency (a real redis-server) holds READY=1 back until it answers PONG, and shows in STATUS=")
    func dependency() throws {
        let port = try LoopbackPort.unused()
        let listener = try NotifyListener()
        let service = try start(["--dependency", "redis://127.0.0.1:\(port)"], listener)
        let early = listener.timedMessages(until: { $0["READY"] == "1" }, timeout: .seconds(3))
        #expect(!early.contains { $0.message["READY"] == "1" }, "ready with its dependency down")
        #expect(
            early.contains { $0.message["STATUS"]?.contains("redis://127.0.0.1:\(port) (connection refused)") == true })
        let server = try RedisServer(directory: nil, port: port)
        let started = ContinuousClock.now
        let ready = listener.timedMessages(until: { $0["READY"] == "1" }, timeout: .seconds(10))
        let readyAt = try #require(ready.last { $0.message["READY"] == "1" }?.at)
        #expect(readyAt - started < .seconds(2))
        service.send(SIGTERM)
        #expect(service.finish().exitCode == 0)
        server.stop()
    }

    @Test("a phase that blocks every cooperative thread for 20 s: EXTEND keeps its 2.5 s cadence, then READY=1")
    func heartbeatsSurviveAStarvedPool() throws {
        let listener = try NotifyListener()
        let process = try start(["--block-pool", "20"], listener)
        let start = listener.timedMessages(until: \.isReady, timeout: .seconds(40))
        #expect(start.last?.message.isReady == true)
        #expect(start.filter { $0.message.extendTimeout == .seconds(10) }.count >= 8)
        let gap = largestExtendGap(start)
        #expect(gap < .milliseconds(3500), "largest gap between heartbeats: \(gap)")
        let resumed = process.stdout.split(separator: "\n").first {
            $0.hasPrefix("probe: a task could run again after")
        }
        let blockedFor = resumed.flatMap { Int($0.split(separator: " ").last?.dropLast() ?? "") }
        #expect((blockedFor ?? 0) >= 19, "the pool was not starved: \(resumed ?? "no line")")
        process.send(SIGTERM)
        #expect(process.finish().exitCode == 0)
    }

    @Test("a phase that blocks the pool past its budget is reported hung by name, no longer extended, exit 124")
    func hungPhaseEndsTheProcess() throws {
        let listener = try NotifyListener()
        let process = try start(["--block-pool", "60", "--block-budget", "3"], listener)
        let start = listener.messages(until: { $0["STATUS"]?.hasPrefix("failed") == true }, timeout: .seconds(15))
        let status = try #require(start.last?["STATUS"])
        #expect(status.contains("the phase 'block the pool' is still running after its budget of 3s"), "\(status)")
        #expect(start.last?.extendTimeout == nil)
        let after = listener.messages(until: { _ in false }, timeout: .seconds(3))
        #expect(after.allSatisfy { $0.extendTimeout == nil }, "\(after)")
        let result = process.finish(timeout: .seconds(15))
        #expect(result.exitCode == 124)
        #expect(result.elapsed < .seconds(15))
    }

    @Test("a phase that sleeps past its budget is cancelled: exit 124, the log names the phase")
    func overrunPhaseIsCancelled() throws {
        let listener = try NotifyListener()
        let result = try start(["--phase", "replay log:30:1"], listener).finish()
        #expect(result.exitCode == 124)
        #expect(result.stderr.contains("the phase 'replay log' is still running after its budget of 1s"))
        #expect(result.elapsed < .seconds(10))
    }

    @Test("a phase that throws fails the start with exit 1 and the error in the status")
    func failingPhase() throws {
        let listener = try NotifyListener()
        let process = try start(["--phase", "open store:0.5:5", "--fail-phase", "open store"], listener)
        let start = listener.messages(until: { $0["STATUS"]?.hasPrefix("failed") == true })
        #expect(start.last?["STATUS"] == "failed: the phase 'open store' failed: the probe was told to fail")
        #expect(!start.contains { $0.isReady })
        #expect(process.finish().exitCode == 1)
    }

    @Test("READY=1 waits for the required phase and the readiness condition, not for after-ready phases")
    func readinessWaitsForWhatMatters() throws {
        let listener = try NotifyListener()
        let started = ContinuousClock.now
        let process = try start(
            ["--phase", "core:1:5", "--after-ready", "rest:2:10", "--condition-after", "1.5"], listener)
        let start = listener.messages(until: \.isReady)
        let readyAfter = ContinuousClock.now - started
        #expect(start.last?.isReady == true)
        #expect(readyAfter >= .milliseconds(1500))
        #expect(start.last?["STATUS"]?.contains("listening (satisfied)") == true, "\(start)")
        #expect(!process.stdout.contains("probe: rest done"))
        #expect(process.waitForOutput("probe: rest done"))
        process.send(SIGTERM)
        #expect(process.finish().exitCode == 0)
    }

    @Test("an after-ready phase past its budget stops the service the orderly way and exits 124")
    func afterReadyOverrun() throws {
        let listener = try NotifyListener()
        let process = try start(["--after-ready", "warm cache:30:1"], listener)
        #expect(listener.messages(until: \.isReady).last?.isReady == true)
        let stop = listener.messages(until: { $0["STOPPING"] == "1" })
        #expect(stop.last?["STATUS"]?.contains("'warm cache' is still running after its budget of 1s") == true)
        let result = process.finish()
        #expect(result.exitCode == 124)
        #expect(result.stdout.contains("service: shutting down"))
    }

    @Test("SIGTERM: STOPPING=1 with an extension, a graceful shutdown, exit 0")
    func gracefulStop() throws {
        let listener = try NotifyListener()
        let process = try start(["--phase", "core:0.2:5", "--stop-seconds", "1"], listener)
        #expect(listener.messages(until: \.isReady).last?.isReady == true)
        process.send(SIGTERM)
        let stop = listener.messages(until: { $0["STOPPING"] == "1" })
        #expect(stop.last?.extendTimeout == .seconds(10))
        let result = process.finish()
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("service: stopped\nprobe: run() returned 0"))
    }

    @Test("a graceful shutdown past its limit is cancelled, never a fatalError: exit 137 within the limit")
    func gracefulLimitCancels() throws {
        let listener = try NotifyListener()
        let process = try start(["--stop-seconds", "30", "--graceful-limit", "1"], listener)
        #expect(listener.messages(until: \.isReady).last?.isReady == true)
        let stopAsked = ContinuousClock.now
        process.send(SIGTERM)
        let result = process.finish()
        #expect(result.exitCode == 137)
        #expect(ContinuousClock.now - stopAsked < .seconds(4))
        #expect(result.stderr.contains("the services did not stop within 1s and were cancelled"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("under punctual simulate's SCM: START_PENDING checkpoints while a phase runs, RUNNING after it, clean stop")
    func underTheEmulatedSCM() throws {
        let result = try PunctualProcess.run([
            "simulate", "--manager", "scm", "--stop-after", "1s", "--", Self.probe, "--phase", "load model:3:10",
            "--stop-seconds", "0.3",
        ])
        #expect(result.exitCode == 0, "\(result.stdout)")
        #expect(result.stdout.contains("START_PENDING checkpoint=2 hint=10s"))
        #expect(result.stdout.contains("RUNNING checkpoint=0 hint=0ms accepts=STOP|SHUTDOWN|PRESHUTDOWN"))
        #expect(result.stdout.contains("verdict: OK: RUNNING at 3s"))
        #expect(result.stdout.contains("STOPPED cleanly"))
    }
}
