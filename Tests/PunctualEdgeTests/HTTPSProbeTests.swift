import Glibc
import PunctualCore
import PunctualProbes
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("https:// against a local server with a self-signed certificate, through the system's OpenSSL")
struct HTTPSProbeTests {
    func probe(_ url: String) throws -> HTTPProbe {
        guard case .http(let target) = try ProbeSpecParser.parse(url) else { throw SystemError("not http") }
        return HTTPProbe(target: target)
    }

    @Test("refused without ?ca (not trusted); passing with it, by address and by name; ?insecure skips the check")
    func verification() throws {
        let server = try TLSServer()
        let base = "https://127.0.0.1:\(server.port)/readyz"
        #expect(
            try probe(base).check(timeout: .seconds(2))
                == ProbeResult(passed: false, detail: "certificate not trusted: self-signed certificate"))
        #expect(
            try probe(base + "?ca=\(server.certificate)").check(timeout: .seconds(2))
                == ProbeResult(passed: true, detail: "HTTP 200"))
        #expect(
            try probe("https://localhost:\(server.port)/?x=1&ca=\(server.certificate)").check(timeout: .seconds(2))
                .passed)
        #expect(try probe(base + "?insecure").check(timeout: .seconds(2)).passed)
    }

    @Test("a trusted certificate for another name is refused, naming the mismatch")
    func wrongName() throws {
        let server = try TLSServer(names: ["DNS:elsewhere.test"])
        let result = try probe("https://127.0.0.1:\(server.port)/?ca=\(server.certificate)").check(timeout: .seconds(2))
        #expect(
            result == ProbeResult(passed: false, detail: "certificate not trusted: IP address mismatch"), "\(result)")
    }

    @Test("plain HTTP on the port, a missing CA file, silence: one line each, within the timeout")
    func failures() throws {
        let plain = try LoopbackServer(replies: [.http(200)])
        let handshake = try probe("https://127.0.0.1:\(plain.port)/").check(timeout: .seconds(2))
        #expect(!handshake.passed && handshake.detail.hasPrefix("TLS handshake failed"), "\(handshake)")
        let server = try TLSServer()
        let missing = try probe("https://127.0.0.1:\(server.port)/?ca=/nonexistent.pem").check(timeout: .seconds(2))
        #expect(!missing.passed && missing.detail.hasPrefix("cannot read the CA file"), "\(missing)")
        let silent = try LoopbackServer(replies: [.silence])
        let started = ContinuousClock.now
        let result = try probe("https://127.0.0.1:\(silent.port)/").check(timeout: .milliseconds(300))
        #expect(!result.passed, "\(result)")
        #expect(ContinuousClock.now - started < .seconds(2))
    }
}
