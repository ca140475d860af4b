import Glibc
import PunctualCore
import PunctualSystem
import PunctualTestSupport
import Testing

/// `punctual run` after ready, against a real notify receiver and real programs that hang.
@Suite("After ready: an honest watchdog, unhealthy programs stopped, exit 125")
struct LivenessRunTests {
    /// `punctual run ARGUMENTS(port)` under a notify receiver with `WATCHDOG_USEC=1000000`.
    private func underWatchdog(_ arguments: (UInt16) -> [String]) throws
        -> (manager: NotifyListener, port: UInt16, process: PunctualProcess)
    {
        let manager = try NotifyListener()
        let port = try LoopbackPort.unused()
        var environment = manager.environment
        environment["WATCHDOG_USEC"] = "1000000"
        return (manager, port, try PunctualProcess(arguments(port), environment: environment))
    }

    /// The pid punctual logged for its child.
    private func childPID(_ process: PunctualProcess) -> Int32? {
        guard process.waitForOutput("started the child (pid ") else { return nil }
        let text = process.stderr
        guard let range = text.firstRange(of: "started the child (pid ") else { return nil }
        return Int32(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// The last `WATCHDOG=1` before the trigger, and the trigger, relative to `origin`, in seconds.
    private func watchdogTimeline(
        _ messages: [(at: ContinuousClock.Instant, message: NotifyMessage)], from origin: ContinuousClock.Instant
    ) -> (lastPing: Double?, trigger: Double?) {
        let trigger = messages.first { $0.message["WATCHDOG"] == "trigger" }?.at
        let lastPing = messages.last { $0.message["WATCHDOG"] == "1" && (trigger == nil || $0.at < trigger!) }?.at
        return (lastPing.map { ($0 - origin).seconds }, trigger.map { ($0 - origin).seconds })
    }

    @Test("a server whose port stays open but stops answering HTTP: pings stop, trigger, tree gone, exit 125")
    func deadlockedServer() throws {
        let (manager, port, process) = try underWatchdog { port in
            [
                "run", "--ready", "tcp:127.0.0.1:\(port)", "--live", "http://127.0.0.1:\(port)/",
                "--live-every", "500ms", "--live-timeout", "300ms", "--live-failures", "2", "--stop-timeout", "2s",
                "--", PunctualProcess.executable, "demo-app", "--port", "\(port)", "--init-seconds", "0.2",
                "--hang-after", "2", "--ignore-term",
            ]
        }
        let child = try #require(childPID(process))
        let ready = manager.timedMessages(until: \.isReady)
        #expect(ready.last?.message.isReady == true)
        #expect(process.waitForOutput("deadlocked"))
        let hungAt = ContinuousClock.now
        let after = manager.timedMessages(until: { $0["STOPPING"] == "1" })
        let timeline = watchdogTimeline(after, from: hungAt)
        // every × failures + timeout + 1 s
        let bound = 0.5 * 2 + 0.3 + 1
        #expect(timeline.trigger != nil && timeline.trigger! <= bound, "\(timeline)")
        #expect((timeline.lastPing ?? 0) <= bound, "\(timeline)")
        let status = after.last { $0.message["STATUS"] != nil }?.message["STATUS"]
        #expect(
            status?.hasPrefix("failed: the liveness check 'http://127.0.0.1:\(port)/' failed: no answer within 300ms")
                == true, "\(status ?? "no status")")
        let result = process.finish()
        #expect(result.exitCode == ExitCodes.unhealthy)
        #expect(result.stderr.contains("did not stop within 2s"), "SIGTERM ignored: the tree was killed")
        #expect(!isAlive(child))
    }

    @Test("no --live, a SIGSTOPped program under a watchdog: the readiness probe and the process judge it")
    func stoppedProgram() throws {
        let (manager, _, process) = try underWatchdog { port in
            [
                "run", "--ready", "tcp:127.0.0.1:\(port)", "--live-every", "500ms", "--live-failures", "2",
                "--stop-timeout", "3s", "--", PunctualProcess.executable, "demo-app", "--port", "\(port)",
                "--init-seconds", "0.2",
            ]
        }
        let child = try #require(childPID(process))
        #expect(manager.timedMessages(until: \.isReady).last?.message.isReady == true)
        let healthy = manager.timedMessages(until: { _ in false }, timeout: .milliseconds(1200))
        #expect(healthy.count { $0.message["WATCHDOG"] == "1" } >= 2)
        kill(child, SIGSTOP)
        let stoppedAt = ContinuousClock.now
        let after = manager.timedMessages(until: { $0["STOPPING"] == "1" })
        let timeline = watchdogTimeline(after, from: stoppedAt)
        #expect((timeline.lastPing ?? 0) <= 0.6, "a ping may be on its way, no more: \(timeline)")
        #expect(timeline.trigger != nil && timeline.trigger! <= 0.5 * 2 + 1 + 1, "\(timeline)")
        #expect(after.contains { $0.message["STATUS"]?.contains("'process' failed: the program is stopped") == true })
        let result = process.finish()
        #expect(result.exitCode == ExitCodes.unhealthy)
        #expect(
            result.stdout.contains("demo-app: SIGTERM received"), "continued after the stop signal: \(result.stdout)")
        #expect(!isAlive(child))
    }

    @Test("--ready notify under a watchdog: the child's own WATCHDOG=1 is relayed; when it stops pinging, it is hung")
    func notifyChildStopsPinging() throws {
        let (manager, _, process) = try underWatchdog { port in
            [
                "run", "--ready", "notify", "--stop-timeout", "2s", "--", PunctualProcess.executable, "demo-app",
                "--port", "\(port)", "--init-seconds", "0.2", "--notify", "--watchdog", "--hang-after", "2",
            ]
        }
        #expect(process.waitForOutput("demo-app: watchdog: 1s, WATCHDOG_PID is mine"))
        #expect(manager.timedMessages(until: \.isReady).last?.message.isReady == true)
        let relayed = manager.timedMessages(until: { _ in false }, timeout: .milliseconds(1500))
        #expect(relayed.count { $0.message["WATCHDOG"] == "1" } >= 2, "the child's pings reach the manager")
        #expect(process.waitForOutput("deadlocked"))
        let hungAt = ContinuousClock.now
        let after = manager.timedMessages(until: { $0["STOPPING"] == "1" })
        let timeline = watchdogTimeline(after, from: hungAt)
        #expect(timeline.lastPing == nil || timeline.lastPing! < 0.1, "\(timeline)")
        #expect(timeline.trigger != nil && timeline.trigger! <= 1.2, "\(timeline)")
        #expect(
            after.last?.message["STATUS"]
                == "failed: the liveness check 'watchdog' failed: the program sent no WATCHDOG=1 for 1s")
        #expect(process.finish().exitCode == ExitCodes.unhealthy)
    }

    @Test("a healthy program under a watchdog is pinged for as long as it lives and stops cleanly")
    func healthyProgram() throws {
        let (manager, _, process) = try underWatchdog { port in
            [
                "run", "--ready", "tcp:127.0.0.1:\(port)", "--live", "http://127.0.0.1:\(port)/", "--live-every",
                "300ms", "--", PunctualProcess.executable, "demo-app", "--port", "\(port)", "--init-seconds", "0.2",
                "--stop-seconds", "0.1",
            ]
        }
        #expect(manager.timedMessages(until: \.isReady).last?.message.isReady == true)
        let running = manager.timedMessages(until: { _ in false }, timeout: .seconds(3))
        let pings = running.filter { $0.message["WATCHDOG"] == "1" }.map(\.at)
        #expect(pings.count >= 5)
        let gaps = zip(pings.dropFirst(), pings).map { ($0 - $1).seconds }
        #expect(gaps.allSatisfy { $0 < 0.75 }, "\(gaps)")
        #expect(!running.contains { $0.message["WATCHDOG"] == "trigger" })
        process.send(SIGTERM)
        #expect(process.finish().exitCode == 0)
    }

    @Test("--live without --ready: the program is ready at once and the checks still run")
    func liveWithoutReady() throws {
        let result = try PunctualProcess.run([
            "run", "--live", "tcp:127.0.0.1:1", "--live-every", "200ms", "--live-failures", "2", "--", "sleep", "30",
        ])
        #expect(result.exitCode == ExitCodes.unhealthy, "\(result.stderr)")
        #expect(
            result.stderr.contains("liveness check 'tcp:127.0.0.1:1' failed: connection refused (2 times in a row)"))
        #expect(result.elapsed < .seconds(5))
    }

    @Test("a budget of 8s and a start that keeps making progress: no extension reaches past 10s, at the wire")
    func extensionsStayWithinTheBudget() throws {
        let manager = try NotifyListener()
        let process = try PunctualProcess(
            [
                "run", "--startup-budget", "8s", "--progress-timeout", "3s", "--ready", "tcp:127.0.0.1:1", "--",
                "sh", "-c", "while :; do echo loading; sleep 0.5; done",
            ], environment: manager.environment)
        let messages = manager.timedMessages(
            until: { $0["STATUS"]?.hasPrefix("failed") == true }, timeout: .seconds(12))
        // Measured from the first message, sent as the program starts.
        let started = try #require(messages.first?.at)
        let ends = messages.compactMap { entry in entry.message.extendTimeout.map { (entry.at - started) + $0 } }
        #expect(ends.count >= 3)
        #expect(ends.allSatisfy { $0 <= .milliseconds(10_250) }, "\(ends.map(\.seconds))")
        #expect(messages.last?.message["STATUS"]?.hasPrefix("failed: startup budget of 8s exceeded") == true)
        #expect(process.finish().exitCode == ExitCodes.timeout)
    }
}
