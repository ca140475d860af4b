import Glibc
import PunctualCore
import PunctualProbes
import PunctualSystem
import PunctualTestSupport
import Synchronization
import Testing

@Suite("Probes against real local servers and processes")
struct ProbeTests {
    @Test("tcp: refused while nothing listens, passes once a server does")
    func tcp() throws {
        let refused = TCPProbe(endpoint: Endpoint(host: "127.0.0.1", port: try LoopbackPort.unused())).check(
            timeout: .seconds(1))
        #expect(refused == ProbeResult(passed: false, detail: "connection refused"))
        let server = try LoopbackServer(replies: [.http(200)])
        let open = TCPProbe(endpoint: Endpoint(host: "127.0.0.1", port: server.port)).check(timeout: .seconds(1))
        #expect(open == ProbeResult(passed: true, detail: "connected"))
    }

    @Test("tcp: a host name resolves (localhost)")
    func tcpByName() throws {
        let server = try LoopbackServer(replies: [.http(200)])
        #expect(TCPProbe(endpoint: Endpoint(host: "localhost", port: server.port)).check(timeout: .seconds(1)).passed)
    }

    @Test("http: 503 while loading fails with the code, then 200 passes; 302 passes as for the kubelet")
    func http() throws {
        let server = try LoopbackServer(replies: [.http(503), .http(200), .http(302)])
        let probe = HTTPProbe(
            target: HTTPTarget(endpoint: Endpoint(host: "127.0.0.1", port: server.port), path: "/readyz"))
        #expect(probe.check(timeout: .seconds(1)) == ProbeResult(passed: false, detail: "HTTP 503"))
        #expect(probe.check(timeout: .seconds(1)) == ProbeResult(passed: true, detail: "HTTP 200"))
        #expect(probe.check(timeout: .seconds(1)) == ProbeResult(passed: true, detail: "HTTP 302"))
    }

    @Test("http: a server that accepts but never answers fails within the timeout")
    func httpSilence() throws {
        let server = try LoopbackServer(replies: [.silence])
        let probe = HTTPProbe(target: HTTPTarget(endpoint: Endpoint(host: "127.0.0.1", port: server.port), path: "/"))
        let started = ContinuousClock.now
        let result = probe.check(timeout: .milliseconds(300))
        #expect(result == ProbeResult(passed: false, detail: "no answer within 300ms"))
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test("exec: exit 0 passes, another code fails with it")
    func exec() {
        #expect(ExecProbe(command: "test -d /", environment: []).check(timeout: .seconds(2)).passed)
        #expect(
            ExecProbe(command: "exit 3", environment: []).check(timeout: .seconds(2))
                == ProbeResult(passed: false, detail: "exit 3"))
    }

    @Test("exec: a command past its timeout is killed with its whole group")
    func execTimeout() throws {
        let marker = "/tmp/\(uniqueName("exec-probe")).pid"
        defer { unlink(marker) }
        let probe = ExecProbe(command: "sleep 30 & echo $! > \(marker); wait", environment: [])
        let result = probe.check(timeout: .milliseconds(300))
        #expect(result == ProbeResult(passed: false, detail: "no exit within 300ms"))
        let text = String(decoding: FileDescriptorIO.readFile(marker) ?? [], as: UTF8.self)
        let grandchild = try #require(Int32(text.filter(\.isNumber)))
        #expect(eventually { !isAlive(grandchild) })
    }

    @Test("file: missing, then present")
    func file() {
        let path = "/tmp/\(uniqueName("file-probe"))"
        #expect(FileProbe(path: path).check(timeout: .seconds(1)) == ProbeResult(passed: false, detail: "missing"))
        let fd = open(path, O_CREAT | O_WRONLY, 0o600)
        close(fd)
        defer { unlink(path) }
        #expect(FileProbe(path: path).check(timeout: .seconds(1)).passed)
    }

    @Test("log: lines match across chunk boundaries, per stream, CRLF trimmed, each probe once")
    func logLines() {
        let matches = Mutex<[(Int, String)]>([])
        let watcher = LogLineWatcher(probes: [(0, "^listening on [0-9]+$"), (2, "ready")]) { index, line in
            matches.withLock { $0.append((index, line)) }
        }
        func feed(_ text: String, stderr: Bool = false) {
            Array(text.utf8).withUnsafeBytes { watcher.feed($0, isStandardError: stderr) }
        }
        feed("starting\nlisten")
        feed("still starting\n", stderr: true)
        #expect(matches.withLock { $0.isEmpty })
        feed("ing on 8080\r\n")
        #expect(matches.withLock { $0.map(\.0) } == [0])
        feed("ready", stderr: true)
        #expect(matches.withLock { $0.map(\.1) } == ["listening on 8080", "ready"])
        feed(" now\nlistening on 9090\n", stderr: true)
        #expect(matches.withLock { $0.count } == 2)
    }

    @Test("log: output that stops mid-line is matched as it stands: a program that prints without a newline")
    func logWithoutNewline() {
        let matches = Mutex<[String]>([])
        let watcher = LogLineWatcher(probes: [(0, "Listening on :[0-9]+")]) { _, line in
            matches.withLock { $0.append(line) }
        }
        Array("booting\nListening on :8080".utf8).withUnsafeBytes { watcher.feed($0, isStandardError: false) }
        #expect(matches.withLock { $0 } == ["Listening on :8080"])
    }
}
