import Glibc
import PunctualCore
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("The library's health endpoints over real HTTP, liveness checks and the watchdog")
struct LibraryHealthTests {
    private func start(_ arguments: [String], port: Int, environment: [String: String] = [:]) throws
        -> PunctualProcess
    {
        try PunctualProcess(
            ["--health-port", "\(port)"] + arguments, program: LibraryServiceTests.probe, environment: environment)
    }

    private func get(_ port: Int, _ path: String) -> HTTPFetch? { HTTPFetch.request(port: port, path: path) }

    @Test("startupz and readyz fail until the phase is done, then say ok; readyz flips at the stop, livez does not")
    func startReadyAndShutdown() throws {
        let port = Int(try LoopbackPort.unused())
        let process = try start(["--phase", "load model:1.5:5", "--stop-seconds", "2"], port: port)
        #expect(eventually(timeout: .seconds(5)) { get(port, "/livez") != nil })
        let starting = get(port, "/readyz")
        #expect(starting?.status == 500)
        #expect(starting?.body == "[-]load model failed: reason withheld\n[+]shutdown ok\nreadyz check failed\n")
        #expect(get(port, "/startupz")?.status == 500)
        #expect(get(port, "/livez")?.status == 200)
        #expect(process.waitForOutput("ready after"))
        let ready = get(port, "/readyz")
        #expect(ready?.status == 200)
        #expect(ready?.body == "ok")
        #expect(ready?.headers["content-type"] == "text/plain; charset=utf-8")
        #expect(get(port, "/startupz?verbose")?.body == "[+]load model ok\nstartupz check passed\n")
        #expect(get(port, "/livez?verbose")?.body == "[+]ping ok\n[+]task-pool ok\nlivez check passed\n")
        process.send(SIGTERM)
        #expect(process.waitForOutput("service: shutting down"))
        let stopping = get(port, "/readyz")
        #expect(stopping?.status == 500)
        #expect(stopping?.body.contains("[-]shutdown failed: reason withheld") == true)
        #expect(get(port, "/livez")?.status == 200)
        #expect(get(port, "/startupz")?.status == 200)
        #expect(process.finish().exitCode == 0)
    }

    @Test("a shutdown delay: readyz fails at once while the services still serve, then the graceful shutdown")
    func shutdownDelay() throws {
        let port = Int(try LoopbackPort.unused())
        let process = try start(["--shutdown-delay", "1.5"], port: port)
        #expect(process.waitForOutput("ready after"))
        #expect(get(port, "/readyz")?.status == 200)
        let stopped = ContinuousClock.now
        process.send(SIGTERM)
        #expect(eventually(timeout: .seconds(1)) { get(port, "/readyz")?.status == 500 })
        #expect(!process.stdout.contains("service: shutting down"))
        #expect(process.waitForOutput("service: shutting down"))
        #expect(ContinuousClock.now - stopped >= .milliseconds(1400))
        let result = process.finish()
        #expect(result.stderr.contains("/readyz fails from now; the graceful shutdown begins in 1.5s"))
        #expect(result.exitCode == 0)
    }

    @Test("other paths are 404 with a hint, other methods 405, HEAD has no body")
    func otherRequests() throws {
        let port = Int(try LoopbackPort.unused())
        let process = try start([], port: port)
        #expect(eventually(timeout: .seconds(5)) { get(port, "/readyz")?.status == 200 })
        let missing = get(port, "/healthz")
        #expect(missing?.status == 404)
        #expect(missing?.body == "no such endpoint: /healthz; try /livez, /readyz, /startupz\n")
        #expect(HTTPFetch.request("POST", port: port, path: "/readyz")?.status == 405)
        let head = HTTPFetch.request("HEAD", port: port, path: "/readyz")
        #expect(head?.status == 200)
        #expect(head?.body == "")
        #expect(head?.headers["content-length"] == "2")
        #expect(get(port, "/metrics")?.status == 404)
        process.send(SIGTERM)
        #expect(process.finish().exitCode == 0)
    }

    @Test("a failing check: livez 500 naming it, the reason only in the log, ?exclude leaves it out; WATCHDOG=1 stops")
    func failingCheckWithholdsWatchdog() throws {
        let port = Int(try LoopbackPort.unused())
        let listener = try NotifyListener()
        var environment = listener.environment
        environment["WATCHDOG_USEC"] = "1000000"
        let process = try start(
            ["--check", "database:fail-after:2", "--check", "cache:pass"], port: port, environment: environment)
        let healthy = listener.timedMessages(until: { _ in false }, timeout: .milliseconds(1800))
        #expect(healthy.count { $0.message["WATCHDOG"] == "1" } >= 3)
        #expect(eventually(timeout: .seconds(5)) { get(port, "/livez")?.status == 500 })
        #expect(
            get(port, "/livez")?.body
                == "[+]ping ok\n[+]task-pool ok\n[-]database failed: reason withheld\n[+]cache ok\nlivez check failed\n"
        )
        #expect(get(port, "/livez?exclude=database")?.status == 200)
        #expect(get(port, "/readyz")?.status == 200)
        _ = listener.messages(until: { _ in false }, timeout: .milliseconds(600))
        let failing = listener.messages(until: { _ in false }, timeout: .seconds(2))
        #expect(failing.allSatisfy { $0["WATCHDOG"] == nil }, "\(failing)")
        #expect(process.waitForOutput("liveness check 'database' failed: the probe was told to fail"))
        process.send(SIGTERM)
        #expect(process.finish().exitCode == 0)
    }

    @Test("a fatal check: WATCHDOG=trigger, then STOPPING=1 and a graceful stop, exit 125")
    func fatalCheckTriggersWatchdog() throws {
        let port = Int(try LoopbackPort.unused())
        let listener = try NotifyListener()
        var environment = listener.environment
        environment["WATCHDOG_USEC"] = "5000000"
        let process = try start(["--check", "disk:fatal-after:1"], port: port, environment: environment)
        let messages = listener.messages(until: { $0["STOPPING"] == "1" }, timeout: .seconds(10))
        let trigger = messages.firstIndex { $0["WATCHDOG"] == "trigger" }
        let stopping = messages.firstIndex { $0["STOPPING"] == "1" }
        #expect(trigger != nil && stopping != nil && trigger! < stopping!, "\(messages)")
        #expect(messages.last?["STATUS"] == "failed: the liveness check 'disk' failed: the probe was told to fail")
        let result = process.finish()
        #expect(result.exitCode == ExitCodes.unhealthy)
        #expect(result.stdout.contains("service: stopped"))
    }

    @Test("a blocked cooperative pool after ready: livez still answers, task-pool fails, then recovers")
    func blockedPoolShowsInLivez() throws {
        let port = Int(try LoopbackPort.unused())
        let process = try start(["--block-after-ready", "5", "--task-pool-limit", "1"], port: port)
        #expect(process.waitForOutput("probe: blocking"))
        #expect(eventually(timeout: .seconds(4)) { get(port, "/livez")?.status == 500 })
        #expect(get(port, "/livez")?.body.contains("[-]task-pool failed: reason withheld") == true)
        #expect(eventually(timeout: .seconds(10)) { get(port, "/livez")?.status == 200 })
        #expect(process.waitForOutput("liveness check 'task-pool' failed: no task has run for 1s"))
        #expect(process.waitForOutput("liveness check 'task-pool' passes again"))
        process.send(SIGTERM)
        #expect(process.finish().exitCode == 0)
    }

    @Test("/metrics in the Prometheus text format: readiness, start-up and phase durations, heartbeats")
    func metrics() throws {
        let port = Int(try LoopbackPort.unused())
        let process = try start(["--metrics", "yes", "--phase", "core:0.3:5"], port: port)
        #expect(eventually(timeout: .seconds(5)) { get(port, "/readyz")?.status == 200 })
        let metrics = try #require(get(port, "/metrics"))
        #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(metrics.body.contains("# TYPE punctual_ready gauge\npunctual_ready 1.0\n"))
        #expect(metrics.body.contains("punctual_phase_seconds{phase=\"core\"} 0.3"))
        #expect(metrics.body.contains("# TYPE punctual_heartbeats_total counter"))
        #expect(metrics.body.contains("punctual_startup_seconds 0.3"))
        process.send(SIGTERM)
        #expect(process.finish().exitCode == 0)
    }

    @Test("a health port already in use: one line naming it, exit 70, nothing started")
    func portInUse() throws {
        let port = Int(try LoopbackPort.unused())
        let first = try start([], port: port)
        #expect(eventually(timeout: .seconds(5)) { get(port, "/readyz")?.status == 200 })
        let second = try start(["--phase", "core:0.1:5"], port: port).finish()
        #expect(second.exitCode == 70)
        #expect(second.stderr.contains("cannot serve health endpoints on 127.0.0.1:\(port)"))
        #expect(!second.stderr.contains("started the services"))
        first.send(SIGTERM)
        #expect(first.finish().exitCode == 0)
    }
}
