import Glibc
import PunctualCore
import PunctualProbes
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("postgres:// against a real PostgreSQL")
struct PostgresProbeTests {
    func probe(_ url: String) throws -> PostgresProbe {
        guard case .postgres(let target) = try ProbeSpecParser.parse(url) else { throw SystemError("not postgres") }
        return PostgresProbe(target: target)
    }

    @Test("a server that accepts logins passes: over TCP it asks for a password, over its socket it lets the role in")
    func accepting() throws {
        let server = try PostgresServer()
        let tcp = try probe("postgres://127.0.0.1:\(server.port)").check(timeout: .seconds(2))
        #expect(tcp == ProbeResult(passed: true, detail: "accepting connections: asks for SCRAM"))
        let socket = try probe("postgres:///postgres?host=\(server.socketDirectory)&port=\(server.port)")
            .check(timeout: .seconds(2))
        #expect(socket == ProbeResult(passed: true, detail: "accepting connections: logged in"))
        let wrongDatabase = try probe("postgres:///nope?host=\(server.socketDirectory)&port=\(server.port)")
            .check(timeout: .seconds(2))
        #expect(wrongDatabase.passed)
        #expect(wrongDatabase.detail.contains("database \"nope\" does not exist (SQLSTATE 3D000)"), "\(wrongDatabase)")
    }

    @Test("nothing listening: refused over TCP, no socket in the folder")
    func refused() throws {
        let port = try LoopbackPort.unused()
        #expect(
            try probe("postgres://127.0.0.1:\(port)").check(timeout: .seconds(1))
                == ProbeResult(passed: false, detail: "connection refused"))
        let folder = try makeTemporaryDirectory("no-postgres")
        defer { rmdir(folder) }
        #expect(
            try probe("postgres:///x?host=\(folder)&port=\(port)").check(timeout: .seconds(1))
                == ProbeResult(passed: false, detail: "no socket at \(folder)/.s.PGSQL.\(port)"))
    }

    @Test("many attempts leave nothing in the server's log: no incomplete packet, no reset, no failed login")
    func quietLog() throws {
        let server = try PostgresServer()
        let before = log(server)
        let overTCP = try probe("postgres://127.0.0.1:\(server.port)")
        let overSocket = try probe("postgres:///postgres?host=\(server.socketDirectory)&port=\(server.port)")
        for _ in 0..<25 {
            #expect(overTCP.check(timeout: .seconds(2)).passed)
            #expect(overSocket.check(timeout: .seconds(2)).passed)
        }
        // Read before the stop, whose own lines (autovacuum ended by the shutdown) are not the probe's.
        let added = String(log(server).dropFirst(before.count))
        for noise in [
            "incomplete startup packet", "reset by peer", "could not receive", "authentication failed", "FATAL",
        ] {
            #expect(!added.contains(noise), "\(added)")
        }
    }

    private func log(_ server: PostgresServer) -> String {
        String(decoding: FileDescriptorIO.readFile(server.logPath, limit: 1 << 22) ?? [], as: UTF8.self)
    }
}
