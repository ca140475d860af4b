import Glibc
import PunctualCore
import PunctualSystem
import PunctualTestSupport
import Testing

/// `punctual run --health-port` over real HTTP.
@Suite("The wrapper's health endpoints: the flips at start, at unhealthy and at stop")
struct HealthEndpointRunTests {
    private func get(_ port: UInt16, _ path: String) -> HTTPFetch? {
        HTTPFetch.request(port: Int(port), path: path, timeout: .seconds(2))
    }

    @Test(
        "startupz and readyz fail until ready, livez passes while the start is alive; at SIGTERM readyz fails at once and the program runs on for the delay"
    )
    func startAndStop() throws {
        let port = try LoopbackPort.unused()
        let health = try LoopbackPort.unused()
        let process = try PunctualProcess([
            "run", "--ready", "tcp:127.0.0.1:\(port)", "--health-port", "\(health)", "--shutdown-delay", "1500ms",
            "--", PunctualProcess.executable, "demo-app", "--port", "\(port)", "--init-seconds", "1.5",
            "--stop-seconds", "0.1",
        ])
        #expect(eventually { get(health, "/livez") != nil })
        #expect(get(health, "/startupz")?.status == 500)
        let starting = get(health, "/readyz?verbose")
        #expect(starting?.status == 500)
        #expect(
            starting?.body == "[-]tcp:127.0.0.1:\(port) failed: reason withheld\n[+]shutdown ok\nreadyz check failed\n")
        #expect(get(health, "/livez")?.status == 200)
        #expect(process.waitForOutput("ready after"))
        #expect(get(health, "/readyz")?.status == 200)
        #expect(get(health, "/readyz")?.body == "ok")
        #expect(get(health, "/startupz")?.status == 200)
        #expect(get(health, "/livez?verbose")?.body == "[+]ping ok\n[+]process ok\nlivez check passed\n")
        let metrics = get(health, "/metrics")
        #expect(metrics?.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(metrics?.body.contains("\npunctual_ready 1\n") == true)
        #expect(metrics?.body.contains("punctual_state{state=\"ready\"} 1") == true)
        #expect(get(health, "/nothing")?.status == 404)
        #expect(HTTPFetch.request("POST", port: Int(health), path: "/readyz")?.status == 405)
        process.send(SIGTERM)
        #expect(eventually(timeout: .seconds(1)) { get(health, "/readyz")?.status == 500 })
        #expect(get(health, "/readyz?verbose")?.body.contains("[-]shutdown failed") == true)
        #expect(get(health, "/livez")?.status == 200)
        #expect(!process.stdout.contains("SIGTERM received"), "the program is not told during the delay")
        #expect(HTTPFetch.request(port: Int(port), path: "/")?.status == 200, "and still serves")
        #expect(process.waitForOutput("demo-app: SIGTERM received", timeout: .seconds(3)))
        let result = process.finish()
        #expect(result.exitCode == 0)
        #expect(result.stderr.contains("after a shutdown delay of 1.5s"))
    }

    @Test("livez turns 500 once the program is judged unhealthy; binds 127.0.0.1 by default")
    func unhealthyAndLoopback() throws {
        let port = try LoopbackPort.unused()
        let health = try LoopbackPort.unused()
        let process = try PunctualProcess([
            "run", "--ready", "tcp:127.0.0.1:\(port)", "--live", "http://127.0.0.1:\(port)/", "--live-every", "300ms",
            "--live-timeout", "200ms", "--live-failures", "2", "--stop-timeout", "5s", "--health-port", "\(health)",
            "--", PunctualProcess.executable, "demo-app", "--port", "\(port)", "--init-seconds", "0.2",
            "--hang-after", "1", "--stop-seconds", "1",
        ])
        #expect(process.waitForOutput("ready after"))
        let listening = String(
            decoding: FileDescriptorIO.readFile("/proc/net/tcp", limit: 1 << 20) ?? [], as: UTF8.self)
        let hexPort = String(health, radix: 16, uppercase: true)
        #expect(
            listening.contains(
                "0100007F:\(String(repeating: "0", count: 4 - hexPort.count))\(hexPort) 00000000:0000 0A"))
        #expect(get(health, "/livez")?.status == 200)
        #expect(eventually(timeout: .seconds(4)) { get(health, "/livez")?.status == 500 })
        #expect(get(health, "/livez?verbose")?.body.contains("[-]http://127.0.0.1:\(port)/ failed") == true)
        #expect(
            eventually(timeout: .seconds(2)) { get(health, "/livez?verbose")?.body.contains("[-]ping failed") == true })
        #expect(get(health, "/readyz")?.status == 500, "judged unhealthy: the stop has begun")
        #expect(process.finish().exitCode == ExitCodes.unhealthy)
    }
}
