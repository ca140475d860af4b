import Glibc
import PunctualCore
import PunctualProbes
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("grpc:// against a real gRPC health server (grpcio)")
struct GRPCProbeTests {
    func probe(_ url: String) throws -> GRPCHealthProbe {
        guard case .grpc(let target) = try ProbeSpecParser.parse(url) else { throw SystemError("not grpc") }
        return GRPCHealthProbe(target: target)
    }

    @Test("the whole server SERVING passes; a service NOT_SERVING does not, until it is SERVING")
    func statuses() throws {
        let server = try GRPCHealthServer()
        let base = "grpc://127.0.0.1:\(server.port)"
        #expect(try probe(base).check(timeout: .seconds(2)) == ProbeResult(passed: true, detail: "SERVING"))
        server.set("NOT_SERVING", for: "orders.v1.Orders")
        let orders = try probe(base + "/orders.v1.Orders")
        #expect(eventually { orders.check(timeout: .seconds(2)) == ProbeResult(passed: false, detail: "NOT_SERVING") })
        server.set("SERVING", for: "orders.v1.Orders")
        #expect(eventually { orders.check(timeout: .seconds(2)) == ProbeResult(passed: true, detail: "SERVING") })
    }

    @Test("grpcs://: over TLS offering h2, refused without the CA, SERVING with it")
    func tls() throws {
        let folder = try makeTemporaryDirectory("grpc-tls")
        defer { removeFlatDirectory(folder) }
        let pair = try TLSServer.makeCertificate(in: folder, names: ["IP:127.0.0.1"])
        let server = try GRPCHealthServer(tls: pair)
        let base = "grpcs://127.0.0.1:\(server.port)"
        #expect(
            try probe(base).check(timeout: .seconds(2))
                == ProbeResult(passed: false, detail: "certificate not trusted: self-signed certificate"))
        #expect(
            try probe(base + "?ca=\(pair.certificate)").check(timeout: .seconds(2))
                == ProbeResult(passed: true, detail: "SERVING"))
        #expect(try probe(base + "?insecure").check(timeout: .seconds(2)).passed)
    }

    @Test("a service the server does not know: no status, not ready")
    func unknownService() throws {
        let server = try GRPCHealthServer()
        let result = try probe("grpc://127.0.0.1:\(server.port)/nope").check(timeout: .seconds(2))
        #expect(!result.passed)
        #expect(
            result.detail == "UNKNOWN: no status for this service" || result.detail.hasPrefix("no health status"),
            "\(result)")
    }

    @Test("nothing listening is refused; an HTTP/1 server is told apart; silence times out")
    func notGRPC() throws {
        let refused = try probe("grpc://127.0.0.1:\(try LoopbackPort.unused())").check(timeout: .seconds(1))
        #expect(refused == ProbeResult(passed: false, detail: "connection refused"))
        let http = try LoopbackServer(replies: [.http(200)])
        let answer = try probe("grpc://127.0.0.1:\(http.port)").check(timeout: .seconds(1))
        #expect(
            answer
                == ProbeResult(passed: false, detail: "an HTTP/1 answer: the server does not speak HTTP/2 without TLS"))
        let silent = try LoopbackServer(replies: [.silence])
        #expect(
            try probe("grpc://127.0.0.1:\(silent.port)").check(timeout: .milliseconds(300))
                == ProbeResult(passed: false, detail: "no answer within 300ms"))
    }

    @Test("a hundred calls in a row all answer: each connection is left cleanly")
    func manyCalls() throws {
        let server = try GRPCHealthServer()
        let check = try probe("grpc://127.0.0.1:\(server.port)")
        for _ in 0..<100 { #expect(check.check(timeout: .seconds(2)).passed) }
    }
}
