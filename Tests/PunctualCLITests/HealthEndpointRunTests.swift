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
            "run", "--ready", "tcp:127.0.0.1:\(port)", "--health-port", "\(health)", "--shutdown-delay", "3s",
            "--", PunctualProcess.executable, "demo-app", "--port", "\(port)", "--init-seconds", "3",
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
        #expect(process.waitForOutput("demo-app: SIGTERM received", timeout: .seconds(5)))
        let result = process.finish()
        #expect(result.exitCode == 0)
        #expect(result.stderr.contains("after a shutdown delay of 3s"))
    }

    @Test(
        "the server: pipelined requests answered in order, a request with a body answered then closed, a slow head let go"
    )
    func serverBehaviour() throws {
        let health = try LoopbackPort.unused()
        let process = try PunctualProcess(["run", "--health-port", "\(health)", "--", "sleep", "30"])
        defer {
            process.send(SIGTERM)
            _ = process.finish()
        }
        #expect(eventually { get(health, "/livez") != nil })
        let pipelined = RawConnection(port: health)
        pipelined?.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\n\r\n")
        let two = pipelined?.read(until: { $0.contains("no such endpoint") }) ?? ""
        #expect(two.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(two)")
        #expect(two.contains("HTTP/1.1 404 Not Found\r\n"), "\(two)")
        let withBody = RawConnection(port: health)
        withBody?.send("POST /livez HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello")
        let refused = withBody?.read(until: { _ in false }) ?? ""
        #expect(refused.hasPrefix("HTTP/1.1 405 "), "\(refused)")
        #expect(refused.contains("connection: close"))
        #expect(withBody?.closedByServer == true)
        let slow = RawConnection(port: health)
        slow?.send("GET /livez HTTP/1.1\r\n")
        let started = ContinuousClock.now
        _ = slow?.read(until: { _ in false }, timeout: .seconds(6))
        #expect(slow?.closedByServer == true)
        #expect(ContinuousClock.now - started < .seconds(5), "a head must arrive within 3s")
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
        let verdict = get(health, "/livez?verbose")?.body ?? ""
        #expect(verdict.contains("[-]ping failed"), "livez fails with the verdict, not before: \(verdict)")
        #expect(verdict.contains("[-]http://127.0.0.1:\(port)/ failed"), "\(verdict)")
        #expect(get(health, "/readyz")?.status == 500, "judged unhealthy: the stop has begun")
        #expect(process.finish().exitCode == ExitCodes.unhealthy)
    }
}

/// A plain TCP connection to 127.0.0.1, for requests HTTPFetch does not make.
private final class RawConnection {
    private let fd: Int32
    private(set) var closedByServer = false

    init?(port: UInt16) {
        guard let fd = connectToLoopback(port: Int(port)) else { return nil }
        self.fd = fd
    }

    deinit { close(fd) }

    func send(_ text: String) { _ = FileDescriptorIO.writeAll(fd, text) }

    /// What arrives until `done` holds, the server closes, or `timeout` passes.
    func read(until done: (String) -> Bool, timeout: Duration = .seconds(3)) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !done(String(decoding: received, as: UTF8.self)) {
            guard !Poller.waitReadable([fd], timeout: deadline - ContinuousClock.now).isEmpty else { break }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 {
                closedByServer = true
                break
            }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
