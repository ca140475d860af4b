import Logging
import Punctual
import PunctualTestKit
import ServiceLifecycle
import Testing

/// A service as a user writes one: it serves until the graceful shutdown, or, if told to, ignores it.
private struct Server: Service {
    var ignoresShutdown = false

    func run() async throws {
        if ignoresShutdown {
            try await Task.sleep(for: .seconds(3600))
        } else {
            try await gracefulShutdown()
        }
    }
}

/// What a user of the library writes to test a service's lifecycle: only `Punctual` and
/// `PunctualTestKit` from this package, and virtual time, no waiting.
@Suite("A service tested with PunctualTestKit: ready, extended while it starts, stopped on time")
struct ServiceUnderTestKitTests {
    let logger = Logger(label: "test")

    @Test("extends its start while it warms up, reports ready when the condition is met, stops cleanly")
    func readyThenStop() async {
        let group = PunctualServiceGroup(
            services: [Server()], configuration: .init(startupBudget: .seconds(60)), logger: logger)
        let warm = group.readinessCondition("cache warm")
        let manager = TestServiceManager()
        async let exitCode = manager.run(group)

        await manager.advance(by: .seconds(20))
        #expect(manager.readyAt == nil)
        let extensions = manager.messages.filter { $0.state == .starting && $0.extendedBy != nil }
        #expect(extensions.count >= 8, "heartbeats every 2.5 s for 20 s: \(manager.messages)")
        #expect(extensions.allSatisfy { ($0.extendedBy ?? .zero) <= .seconds(60) })

        warm.satisfy()
        await manager.advance(by: .seconds(1))
        #expect(manager.readyAt.map { $0 >= .seconds(20) && $0 <= .seconds(21) } == true)

        manager.requestStop()
        await manager.advance(by: .seconds(1))
        #expect(manager.messages.contains { $0.state == .stopping })
        #expect(await exitCode == 0)
        #expect(manager.messages.last?.state == .stopped(exitCode: 0))
    }

    @Test("a phase that outruns its budget fails the start at the budget, not before")
    func phaseOverBudget() async {
        let group = PunctualServiceGroup(services: [Server()], logger: logger)
        group.phase("load model", budget: .seconds(30)) { progress in
            progress.report("10%")
            try await Task.sleep(for: .seconds(3600))
        }
        let manager = TestServiceManager()
        async let exitCode = manager.run(group)

        await manager.advance(by: .seconds(29))
        #expect(!manager.messages.contains { if case .stopped = $0.state { true } else { false } })
        await manager.advance(by: .seconds(2))
        let failedAt = manager.messages.first { if case .stopped = $0.state { true } else { false } }?.at
        #expect(failedAt.map { $0 >= .seconds(30) && $0 <= .seconds(31) } == true, "\(manager.messages)")
        // 124: a start that did not finish within its budget, as `timeout(1)` reports it.
        #expect(await exitCode == 124)
    }

    @Test("a service that ignores the graceful shutdown is cancelled at the limit: exit 137")
    func stopOnTime() async {
        let group = PunctualServiceGroup(
            services: [Server(ignoresShutdown: true)], configuration: .init(gracefulShutdownLimit: .seconds(10)),
            logger: logger)
        let manager = TestServiceManager()
        async let exitCode = manager.run(group)

        await manager.advance(by: .seconds(1))
        #expect(manager.readyAt == .zero)
        manager.requestStop()
        await manager.advance(by: .seconds(9))
        #expect(!manager.messages.contains { if case .stopped = $0.state { true } else { false } })
        await manager.advance(by: .seconds(2))
        #expect(await exitCode == 137)
        #expect(manager.messages.last?.state == .stopped(exitCode: 137))
    }

    @Test("under a watchdog, the service feeds it while ready")
    func watchdog() async {
        let group = PunctualServiceGroup(services: [Server()], logger: logger)
        let manager = TestServiceManager(watchdog: .seconds(10))
        async let exitCode = manager.run(group)

        await manager.advance(by: .seconds(30))
        #expect(manager.watchdogPings.count >= 5, "pings at half the interval: \(manager.watchdogPings)")
        #expect(!manager.watchdogTriggered)
        manager.requestStop()
        await manager.advance(by: .seconds(1))
        #expect(await exitCode == 0)
    }
}
