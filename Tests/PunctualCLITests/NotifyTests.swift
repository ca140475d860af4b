import Glibc
import PunctualCore
import PunctualSystem
import PunctualSystemd
import PunctualTestSupport
import Testing

@Suite("What systemd hears, and what punctual hears from its child")
struct NotifyTests {
    @Test("extend at once, READY=1 only after the port answers, then STOPPING=1 with an extension")
    func sequence() throws {
        let manager = try NotifyListener()
        let port = try LoopbackPort.unused()
        let started = ContinuousClock.now
        let process = try PunctualProcess(
            [
                "run", "--ready", "tcp:127.0.0.1:\(port)", "--", PunctualProcess.executable, "demo-app", "--port",
                "\(port)", "--init-seconds", "1",
            ],
            environment: ["NOTIFY_SOCKET": manager.receiver.address.description])
        let start = manager.messages(until: \.isReady)
        let readyAt = ContinuousClock.now - started
        #expect(start.first?.extendTimeout == .seconds(10))
        #expect(start.first?["STATUS"]?.hasPrefix("starting: ") == true)
        #expect(start.last?.isReady == true)
        #expect(start.last?["STATUS"]?.contains("tcp:127.0.0.1:\(port) (connected)") == true)
        #expect(readyAt >= .seconds(1))
        process.send(SIGTERM)
        let stop = manager.messages(until: { $0["STOPPING"] == "1" })
        #expect(stop.last?.extendTimeout == .seconds(10))
        #expect(process.finish().exitCode == 0)
    }

    @Test("the child's READY=1 counts; the same datagram from outside its tree is ignored")
    func onlyTheChildsTree() throws {
        let port = try LoopbackPort.unused()
        let script =
            "echo \"socket=$NOTIFY_SOCKET\"; exec \(PunctualProcess.executable) demo-app --notify --port \(port) --init-seconds 1.5"
        let process = try PunctualProcess(["run", "--ready", "notify", "--", "sh", "-c", script])
        #expect(process.waitForOutput("socket=@"))
        let line = try #require(process.stdout.split(separator: "\n").first { $0.hasPrefix("socket=") })
        let address = try NotifySocketAddress(String(line.dropFirst("socket=".count)))
        try NotifySender(address: address).send(NotifyMessage([.init("READY", "1")]))
        #expect(process.waitForOutput("which is not in the child's tree"))
        #expect(!process.stderr.contains("ready after"))
        #expect(process.waitForOutput("ready after"))
        #expect(process.stderr.contains("notify (READY=1)"))
        process.send(SIGTERM)
        #expect(process.finish().exitCode == 0)
    }

    @Test("the child never sees punctual's NOTIFY_SOCKET or WATCHDOG variables")
    func environmentScrubbed() throws {
        let result = try PunctualProcess.run(
            ["run", "--", "sh", "-c", "echo \"[${NOTIFY_SOCKET:-unset}] [${WATCHDOG_USEC:-unset}]\""],
            environment: ["NOTIFY_SOCKET": "@nobody-\(getpid())", "WATCHDOG_USEC": "5000000"])
        #expect(result.stdout == "[unset] [unset]\n")
        #expect(result.exitCode == 0)
    }

    @Test("heartbeats keep their cadence while punctual's stdout and stderr are stalled, and the budget still holds")
    func heartbeatsUnderStalledOutput() throws {
        let manager = try NotifyListener()
        let tag = uniqueTag()
        let process = try PunctualProcess(
            [
                "run", "--ready", "tcp:127.0.0.1:1", "--progress-timeout", "60s", "--startup-budget", "6s", "--",
                "sh", "-c", "yes 'a line of output that nobody reads'",
            ],
            environment: ["NOTIFY_SOCKET": manager.receiver.address.description, "PUNCTUAL_TEST_TAG": tag],
            outputUnread: true)
        let started = ContinuousClock.now
        var heartbeats: [Double] = []
        var failure: NotifyMessage?
        while ContinuousClock.now - started < .seconds(12), failure == nil {
            for message in manager.messages(until: { _ in true }, timeout: .milliseconds(200)) {
                if message.extendTimeout != nil { heartbeats.append((ContinuousClock.now - started).seconds) }
                if message["STATUS"]?.contains("startup budget of 6s exceeded") == true { failure = message }
            }
        }
        #expect(heartbeats.count >= 3, "heartbeats at \(heartbeats)")
        let gaps = zip(heartbeats.dropFirst(), heartbeats).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 < 3.0 }, "gaps \(gaps)")
        let failedAt = (ContinuousClock.now - started).seconds
        #expect(failure != nil)
        #expect(failedAt < 9, "the budget failure came at \(failedAt)s (budget 6s; the machine may be loaded)")
        #expect(eventually { processes(withEnvironment: "PUNCTUAL_TEST_TAG=\(tag)").count <= 2 })
        process.send(SIGKILL)
        _ = process.finish()
        #expect(eventually { processes(withEnvironment: "PUNCTUAL_TEST_TAG=\(tag)").isEmpty })
    }
}
