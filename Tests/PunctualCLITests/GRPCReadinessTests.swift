import Glibc
import PunctualCore
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("punctual run --ready grpc:// with a real gRPC health server")
struct GRPCReadinessTests {
    @Test("NOT_SERVING for 3 s, then SERVING: READY=1 only after, with NOT_SERVING in STATUS= before")
    func notServingThenServing() throws {
        let port = try LoopbackPort.unused()
        let listener = try NotifyListener()
        let started = ContinuousClock.now
        let punctual = try PunctualProcess(
            ["run", "--ready", "grpc://127.0.0.1:\(port)/orders.v1.Orders", "--"]
                + GRPCHealthServer.command(port: port, notServingFor: "orders.v1.Orders", seconds: 3),
            environment: listener.environment)
        let messages = listener.timedMessages(until: { $0["READY"] == "1" }, timeout: .seconds(30))
        let readyAt = try #require(messages.last { $0.message["READY"] == "1" }?.at, "no READY=1: \(punctual.stderr)")
        #expect(readyAt - started >= .seconds(3))
        #expect(messages.contains { $0.message["STATUS"]?.contains("orders.v1.Orders (NOT_SERVING)") == true })
        #expect(punctual.waitForOutput("serving orders.v1.Orders"))
        punctual.send(SIGTERM)
        #expect(punctual.finish().exitCode == 0)
    }
}
