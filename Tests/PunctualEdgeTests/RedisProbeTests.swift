import Glibc
import PunctualCore
import PunctualProbes
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("redis:// against a real redis-server")
struct RedisProbeTests {
    func probe(_ url: String) throws -> RedisProbe {
        guard case .redis(let target) = try ProbeSpecParser.parse(url) else { throw SystemError("not redis") }
        return RedisProbe(target: target)
    }

    @Test("refused while nothing listens; PONG once the server serves")
    func plain() throws {
        let refused = try probe("redis://127.0.0.1:\(try LoopbackPort.unused())").check(timeout: .seconds(1))
        #expect(refused == ProbeResult(passed: false, detail: "connection refused"))
        let server = try RedisServer()
        #expect(
            try probe("redis://127.0.0.1:\(server.port)").check(timeout: .seconds(1))
                == ProbeResult(passed: true, detail: "PONG"))
        #expect(try probe("redis://localhost:\(server.port)/0").check(timeout: .seconds(1)).passed)
    }

    @Test("a server that wants a password: the right one passes, from the URL, a file or the environment")
    func password() throws {
        let server = try RedisServer(["--requirepass", "s3cret p@ss"])
        let base = "127.0.0.1:\(server.port)"
        #expect(try probe("redis://:s3cret%20p%40ss@\(base)").check(timeout: .seconds(1)).passed)
        let file = server.directory + "/password"
        #expect(FileDescriptorIO.writeAll(try openForWriting(file), "s3cret p@ss\n"))
        #expect(try probe("redis://\(base)?password-file=\(file)").check(timeout: .seconds(1)).passed)
        let variable = "PUNCTUAL_TEST_REDIS_\(getpid())"
        setenv(variable, "s3cret p@ss", 1)
        defer { unsetenv(variable) }
        #expect(try probe("redis://\(base)?password-env=\(variable)").check(timeout: .seconds(1)).passed)
    }

    @Test("no password, a wrong one, a missing file: told as a mistake in the probe's settings, not a slow start")
    func refusedLogin() throws {
        let server = try RedisServer(["--requirepass", "right"])
        let base = "127.0.0.1:\(server.port)"
        let none = try probe("redis://\(base)").check(timeout: .seconds(1))
        #expect(!none.passed && none.misconfigured && none.detail.hasPrefix("login refused: NOAUTH"))
        let wrong = try probe("redis://:wrong@\(base)").check(timeout: .seconds(1))
        #expect(!wrong.passed && wrong.misconfigured && wrong.detail.hasPrefix("login refused: WRONGPASS"))
        let missing = try probe("redis://\(base)?password-file=/nonexistent/pw").check(timeout: .seconds(1))
        #expect(
            missing
                == ProbeResult(
                    passed: false, detail: "cannot read the password file /nonexistent/pw", misconfigured: true))
        let user = try probe("redis://nobody:right@\(base)").check(timeout: .seconds(1))
        #expect(!user.passed && user.misconfigured)
    }

    @Test("rediss://: over TLS, refused without the CA, passing with it")
    func tls() throws {
        let folder = try makeTemporaryDirectory("redis-tls")
        defer { removeFlatDirectory(folder) }
        let (certificate, key) = try TLSServer.makeCertificate(in: folder, names: ["IP:127.0.0.1"])
        let tlsPort = try LoopbackPort.unused()
        let server = try RedisServer([
            "--tls-port", "\(tlsPort)", "--tls-cert-file", certificate, "--tls-key-file", key, "--tls-ca-cert-file",
            certificate, "--tls-auth-clients", "no",
        ])
        defer { server.stop() }
        let base = "rediss://127.0.0.1:\(tlsPort)"
        #expect(
            try probe(base).check(timeout: .seconds(2))
                == ProbeResult(passed: false, detail: "certificate not trusted: self-signed certificate"))
        #expect(
            try probe(base + "?ca=\(certificate)").check(timeout: .seconds(2))
                == ProbeResult(passed: true, detail: "PONG"))
    }

    @Test("a server that accepts but never answers fails within the timeout")
    func silence() throws {
        let server = try LoopbackServer(replies: [.silence])
        let started = ContinuousClock.now
        let result = try probe("redis://127.0.0.1:\(server.port)").check(timeout: .milliseconds(300))
        #expect(result == ProbeResult(passed: false, detail: "no answer within 300ms"))
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test("each attempt leaves no connection behind on the server")
    func connectionsClosed() throws {
        let server = try RedisServer()
        let check = try probe("redis://127.0.0.1:\(server.port)")
        for _ in 0..<50 { #expect(check.check(timeout: .seconds(1)).passed) }
        let settled = eventually { connectedClients(server) == 1 }
        #expect(
            settled,
            "clients: \(String(describing: connectedClients(server))) \(String(describing: server.command("INFO", "clients")))"
        )
    }

    private func connectedClients(_ server: RedisServer) -> Int? {
        guard case .bulk(let body?) = server.command("INFO", "clients") else { return nil }
        let line = String(decoding: body, as: UTF8.self).split(whereSeparator: \.isNewline)
            .first { $0.hasPrefix("connected_clients:") }
        return line.flatMap { Int($0.dropFirst("connected_clients:".count)) }
    }

    private func openForWriting(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        return fd
    }
}
