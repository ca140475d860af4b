import Glibc
import PunctualCore
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("punctual probe: one probe asked once, against live and dead endpoints of every kind")
struct ProbeCommandTests {
    /// Asks `probe` once: the exit code and the one line it printed.
    private static func ask(_ probe: String) throws -> (exitCode: Int32, line: String) {
        let result = try PunctualProcess.run(["probe", probe, "--timeout", "3s"])
        #expect(result.stdout.split(separator: "\n").count == 1, "one line: \(result.stdout)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        return (result.exitCode, result.stdout.trimmingSuffix("\n"))
    }

    private static func expectPasses(_ probe: String, saying detail: String) throws {
        let answer = try ask(probe)
        #expect(answer.exitCode == 0, "\(answer.line)")
        #expect(answer.line.hasPrefix("\(probe): passed: ") && answer.line.contains(detail), "\(answer.line)")
    }

    private static func expectFails(_ probe: String, saying detail: String) throws {
        let answer = try ask(probe)
        #expect(answer.exitCode == 1, "\(answer.line)")
        #expect(answer.line.hasPrefix("\(probe): not passed: ") && answer.line.contains(detail), "\(answer.line)")
    }

    @Test("tcp, http (punctual's own /readyz, as a HEALTHCHECK asks it), exec and file")
    func plainKinds() throws {
        let closedPort = try ClosedPort()
        let closed = closedPort.port
        let health = try LoopbackPort.unused()
        let service = try PunctualProcess(["run", "--health-port", "\(health)", "--", "sleep", "30"])
        defer {
            service.send(SIGTERM)
            _ = service.finish()
        }
        #expect(service.waitForOutput("ready"))
        try Self.expectPasses("tcp:127.0.0.1:\(health)", saying: "connected")
        try Self.expectFails("tcp:127.0.0.1:\(closed)", saying: "connection refused")
        try Self.expectPasses("http://127.0.0.1:\(health)/readyz", saying: "HTTP 200")
        try Self.expectFails("http://127.0.0.1:\(health)/nowhere", saying: "HTTP 404")
        try Self.expectFails("http://127.0.0.1:\(closed)/readyz", saying: "connection refused")
        try Self.expectPasses("exec:true", saying: "exit 0")
        try Self.expectFails("exec:exit 3", saying: "exit 3")
        try Self.expectPasses("file:/", saying: "exists")
        try Self.expectFails("file:/nonexistent/ready", saying: "missing")
    }

    @Test("https: the certificate trusted with ?ca= passes, refused without it; a closed port fails")
    func https() throws {
        let server = try TLSServer()
        let closedPort = try ClosedPort()
        let closed = closedPort.port
        try Self.expectPasses("https://127.0.0.1:\(server.port)/?ca=\(server.certificate)", saying: "HTTP 200")
        try Self.expectFails("https://127.0.0.1:\(server.port)/", saying: "certificate")
        try Self.expectFails("https://127.0.0.1:\(closed)/", saying: "connection refused")
    }

    @Test("redis, postgres and grpc against real servers, and closed ports")
    func protocols() throws {
        let closedPort = try ClosedPort()
        let closed = closedPort.port
        let redis = try RedisServer()
        try Self.expectPasses("redis://127.0.0.1:\(redis.port)", saying: "PONG")
        try Self.expectFails("redis://127.0.0.1:\(closed)", saying: "connection refused")
        let postgres = try PostgresServer()
        try Self.expectPasses("postgres://127.0.0.1:\(postgres.port)", saying: "accept")
        try Self.expectFails("postgres://127.0.0.1:\(closed)", saying: "connection refused")
        let grpc = try GRPCHealthServer()
        try Self.expectPasses("grpc://127.0.0.1:\(grpc.port)", saying: "SERVING")
        grpc.set("NOT_SERVING")
        try Self.expectFails("grpc://127.0.0.1:\(grpc.port)", saying: "NOT_SERVING")
        try Self.expectFails("grpc://127.0.0.1:\(closed)", saying: "connection refused")
    }

    @Test(
        "what cannot be asked once is a usage mistake: one line, exit 64",
        arguments: [
            (["probe", "log:ready"], "log:ready is told by the program, not asked"),
            (["probe", "notify"], "notify is told by the program, not asked"),
            (["probe", "amqp://127.0.0.1"], "'amqp://127.0.0.1' is not a probe"),
            (["probe", "tcp:127.0.0.1:80", "--timeout", "soon"], "--timeout 'soon' is not a duration"),
        ])
    func mistakes(arguments: [String], expected: String) throws {
        let result = try PunctualProcess.run(arguments)
        #expect(result.exitCode == 64)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(expected) && result.stderr.contains("for example: "), "\(result.stderr)")
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
