import Glibc
import PunctualCore
import PunctualSystem
import PunctualTestSupport
import Synchronization
import Testing

@Suite("punctual run --ready postgres:// with a real PostgreSQL")
struct PostgresReadinessTests {
    /// A server crashed under write load: its next start replays the WAL for seconds, answering 57P03.
    private func crashedServer() throws -> PostgresServer {
        let server = try PostgresServer(settings: ["max_wal_size=8GB", "checkpoint_timeout=1h", "min_wal_size=1GB"])
        try server.sql("CREATE TABLE load (id bigint, pad text)")
        try server.sql("INSERT INTO load SELECT g, repeat('x', 200) FROM generate_series(1, 1500000) g")
        try server.sql("UPDATE load SET id = id + 1")
        server.stop(fast: false)
        return server
    }

    /// `punctual run` over the server's recovery, with a progress timeout that a slow recovery meets.
    private func recover(_ server: PostgresServer, _ listener: NotifyListener) throws -> PunctualProcess {
        try PunctualProcess(
            [
                "run", "--ready", "postgres://127.0.0.1:\(server.port)", "--startup-budget", "120s",
                "--progress-timeout", "3s", "--stop-signal", "INT", "--",
            ]
                + PostgresServer.command("postgres", server.serverArguments()),
            environment: listener.environment)
    }

    @Test(
        "crash recovery after kill -9 under write load: READY=1 once pg_isready says accepting, within 50 ms, never during recovery, its CPU and I/O counting as progress"
    )
    func crashRecovery() throws {
        let server = try crashedServer()
        let listener = try NotifyListener()
        let punctual = try recover(server, listener)
        // pg_isready run again and again, as an operator's loop would.
        let isReady = server.pgIsReadyCommand
        let client = try FirstReadyWatcher(pause: .zero) {
            switch (try? runToEnd(isReady, timeout: .seconds(5))) ?? -1 {
            case 0: true
            case 1: false
            default: nil
            }
        }
        let messages = listener.timedMessages(until: { $0["READY"] == "1" }, timeout: .seconds(120))
        client.stop()

        let readyAt = try #require(messages.last { $0.message["READY"] == "1" }?.at, "no READY=1: \(punctual.stderr)")
        let seen = client.seen
        let firstAccepting = try #require(seen.firstReady, "pg_isready never said accepting")
        let lastRejecting = try #require(seen.lastNotReady, "pg_isready never saw the recovery: it was too quick")
        #expect(readyAt > lastRejecting, "READY=1 while the server still rejected connections")
        #expect(
            abs((readyAt - firstAccepting).seconds) <= 0.050, "READY=1 \(readyAt - firstAccepting) from pg_isready's")
        let output = punctual.stdout + punctual.stderr
        #expect(
            output.contains("automatic recovery in progress"),
            "the server's log, through punctual: \(output.suffix(2000))")
        #expect(output.contains("redo done"))

        punctual.send(SIGTERM)
        #expect(punctual.finish(timeout: .seconds(60)).exitCode == 0)
    }
}

extension PostgresReadinessTests {
    @Test("a recovery that hangs (its processes stopped) is told from a slow one: no progress for 3 s, exit 124")
    func hungRecovery() throws {
        let server = try crashedServer()
        let listener = try NotifyListener()
        let punctual = try recover(server, listener)
        #expect(eventually(timeout: .seconds(30)) { server.pgIsReady() == 1 }, "the recovery never began")
        let stopped = ContinuousClock.now
        for pid in PostgresServer.processes(in: server.dataDirectory) { kill(pid, SIGSTOP) }
        let result = punctual.finish(timeout: .seconds(30))
        #expect(result.exitCode == 124, "\(result.stderr)")
        #expect(ContinuousClock.now - stopped < .seconds(8))
        #expect(result.stderr.contains("no sign of progress"), "\(result.stderr)")
        #expect(!listener.messages(until: { _ in false }, timeout: .milliseconds(100)).contains { $0["READY"] == "1" })
    }
}
