import PunctualCore
import Testing

@Suite("The registry's lease on the virtual clock: kept alive only by evidence, revoked at the end, recreated")
struct RegistryLeaseTests {
    let tcp = ProbeSpec.tcp(Endpoint(host: "127.0.0.1", port: 8080))

    /// Output every 200 ms from `from` up to `to`: a start that shows progress.
    func output(_ harness: inout RegistryHarness, from: Double, to: Double) {
        var at = from
        while at < to {
            harness.advance(to: at)
            harness.send(.progress(.output))
            at += 0.2
        }
        harness.advance(to: to)
    }

    @Test("STARTING, RUNNING at ready, STOPPING at the stop request (before the shutdown delay), then revoked")
    func wholeLife() {
        var harness = RegistryHarness(
            EngineConfiguration(probes: [tcp], shutdownDelay: .seconds(5)), ttl: .seconds(3))
        harness.send(.workloadStarted(pid: 42))
        #expect(harness.etcd.state == "STARTING")
        output(&harness, from: 0.1, to: 4)
        harness.send(.readinessObserved(tcp, holds: true, detail: "connected"))
        #expect(harness.etcd.state == "RUNNING")
        harness.advance(to: 20)
        #expect(harness.etcd.state == "RUNNING", "a ready, healthy service keeps its key past several TTLs")
        harness.send(.stopRequested(.terminate))
        #expect(harness.etcd.state == "STOPPING", "STOPPING goes out at the request, while the delay drains")
        harness.advance(to: 24)
        #expect(harness.etcd.state == "STOPPING")
        harness.send(.workloadEnded(.process(.signaled(.terminate))))
        #expect(harness.etcd.key == nil && harness.etcd.leases.isEmpty, "the lease is revoked at the end")
        #expect(harness.stateSequence == [nil, "STARTING", "RUNNING", "STOPPING", nil])
        #expect(harness.facts.last?.fact == .revoked)
        #expect(harness.count { if case .grant = $0 { true } else { false } } == 1)
        #expect(harness.lease.next(at: harness.now, evidence: nil).0 == .done)
    }

    @Test("keepalives go every half second (a third of a short TTL), and only on evidence")
    func keepAliveCadence() {
        var harness = RegistryHarness(EngineConfiguration(), ttl: .seconds(10))
        #expect(harness.lease.keepAliveInterval == .milliseconds(500))
        #expect(
            RegistryLease(ttl: .seconds(1), endpointCount: 1, needsLogin: false).keepAliveInterval
                == .nanoseconds(333_333_333))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 10.05)
        let keepAlives = harness.calls.filter { if case .keepAlive = $0.call { true } else { false } }.map(\.at)
        #expect(keepAlives.count == 20, "\(keepAlives)")
        #expect(zip(keepAlives, keepAlives.dropFirst()).allSatisfy { abs($1 - $0 - 0.5) < 0.001 })
    }

    @Test("a hung start stops keeping its key: gone within TTL + 1 s of the last progress, budget not spent")
    func hungStart() {
        var harness = RegistryHarness(
            EngineConfiguration(startupBudget: .seconds(60), probes: [tcp]), ttl: .seconds(3))
        harness.send(.workloadStarted(pid: 42))
        output(&harness, from: 0.1, to: 2.05)
        let lastProgress = 1.9
        harness.advance(to: 12)
        let gone = harness.firstTime(nil)
        #expect(gone != nil)
        #expect((gone ?? 99) <= lastProgress + 3 + 1)
        #expect(harness.lifecycle.engine.phase == .starting, "the start is still within its budget")
        #expect(harness.facts.contains { $0.fact == .keepAliveWithheld(.starting) })
        #expect(harness.facts.contains { $0.fact == .expired(.starting) })
        #expect(harness.lifecycle.heartbeatTimes.count == 5, "the manager's deadline is still extended meanwhile")

        // Progress again: a new lease, the key back.
        harness.send(.progress(.cpu))
        harness.advance(to: 13.1)
        #expect(harness.etcd.state == "STARTING")
        #expect(harness.stateSequence == [nil, "STARTING", nil, "STARTING"])
        #expect(harness.count { if case .grant = $0 { true } else { false } } == 2)
    }

    @Test("a liveness check failing after ready: UNHEALTHY at once, no keepalive, gone within the TTL; back on pass")
    func unhealthy() {
        var harness = RegistryHarness(EngineConfiguration(livenessChecks: ["db"]), ttl: .seconds(3))
        harness.send(.workloadStarted(pid: 42))
        harness.send(.livenessChecked(name: "db", failure: nil))
        #expect(harness.etcd.state == "RUNNING")
        harness.advance(to: 5)
        harness.send(.livenessChecked(name: "db", failure: "timed out"))
        #expect(harness.etcd.state == "UNHEALTHY")
        harness.advance(to: 9.1)
        #expect(harness.etcd.key == nil)
        #expect((harness.firstTime(nil) ?? 99) <= 5 + 3 + 1)
        harness.send(.livenessChecked(name: "db", failure: nil))
        harness.advance(to: 9.2)
        #expect(harness.etcd.state == "RUNNING")
        #expect(harness.stateSequence == [nil, "RUNNING", "UNHEALTHY", nil, "RUNNING"])
    }

    @Test("a stopped program (SIGSTOP) withholds keepalives even without liveness checks")
    func stoppedProgram() {
        var harness = RegistryHarness(EngineConfiguration(), ttl: .seconds(3))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 2)
        harness.send(.workloadSampled(.stopped, counts: false))
        #expect(harness.etcd.state == "UNHEALTHY")
        harness.advance(to: 6.1)
        #expect(harness.etcd.key == nil)
    }

    @Test("the first endpoint down: the next is tried at once, and the registration goes on there")
    func rotation() {
        var harness = RegistryHarness(EngineConfiguration(), ttl: .seconds(3), endpoints: 3)
        harness.etcd.down = [0]
        harness.send(.workloadStarted(pid: 42))
        #expect(harness.etcd.state == "RUNNING")
        #expect(harness.calls.map(\.endpoint).prefix(3) == [0, 1, 1])
        #expect(harness.facts.first?.fact == .unreachable(endpoint: 0, reason: "connection refused", retryIn: .zero))
        #expect(harness.facts.contains { $0.fact == .registered(state: .running, endpoint: 1) })
        harness.etcd.down = [1]
        harness.advance(to: 10)
        #expect(harness.etcd.state == "RUNNING", "the member lost: the lease is kept alive through another")
        #expect(harness.calls.last?.endpoint == 2)
    }

    @Test("etcd down for longer than the TTL: retries back off within bounds, then lease and key are recreated")
    func outage() {
        var harness = RegistryHarness(EngineConfiguration(), ttl: .seconds(3), endpoints: 2)
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 2)
        harness.etcd.down = [0, 1]
        harness.advance(to: 20)
        #expect(harness.etcd.key == nil, "the lease expired in etcd during the outage")
        let failing = harness.calls.filter { $0.at > 2 && $0.at <= 20 }
        let roundStarts = failing.enumerated().filter { $0.offset % 2 == 0 }.map(\.element.at)
        let gaps = zip(roundStarts, roundStarts.dropFirst()).map { $1 - $0 }
        #expect(gaps.allSatisfy { $0 >= 0.099 && $0 <= 2.01 }, "\(gaps)")
        #expect(gaps.suffix(3).allSatisfy { abs($0 - 2) < 0.011 }, "the backoff reaches its ceiling: \(gaps)")
        #expect(harness.facts.filter { if case .unreachable = $0.fact { true } else { false } }.count == 1)
        harness.etcd.down = []
        let back = harness.elapsed
        harness.advance(to: 23)
        #expect(harness.etcd.state == "RUNNING")
        let returned = harness.keyStates.last?.at ?? 99
        #expect(returned - back <= 2.01, "the key is back within one backoff")
        #expect(harness.facts.contains { if case .reachable = $0.fact { true } else { false } })
    }

    @Test("a lease etcd no longer knows (keepalive answered TTL 0) is granted anew and the value put again")
    func leaseLost() {
        var harness = RegistryHarness(EngineConfiguration(), ttl: .seconds(3))
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 1.5)
        harness.etcd.leases = [:]
        harness.advance(to: 3)
        #expect(harness.facts.contains { $0.fact == .leaseLost })
        #expect(harness.etcd.state == "RUNNING")
        #expect(harness.count { if case .grant = $0 { true } else { false } } == 2)
    }

    @Test("the end while etcd is down is not held up: one try per endpoint, then the key is left to expire")
    func endDuringOutage() {
        var harness = RegistryHarness(EngineConfiguration(), ttl: .seconds(3), endpoints: 2)
        harness.send(.workloadStarted(pid: 42))
        harness.advance(to: 1)
        harness.etcd.down = [0, 1]
        harness.send(.stopRequested(.terminate))
        harness.send(.workloadEnded(.process(.signaled(.terminate))))
        #expect(harness.facts.last?.fact == .leftToExpire)
        #expect(harness.lease.next(at: harness.now, evidence: nil).0 == .done)
        #expect(harness.calls.filter { if case .revoke = $0.call { true } else { false } }.count <= 2)
    }

    @Test("with a user: a login first, the token with every call, a new login when etcd refuses the token")
    func login() {
        var harness = RegistryHarness(EngineConfiguration(), ttl: .seconds(3), login: true)
        harness.send(.workloadStarted(pid: 42))
        #expect(harness.calls.first?.call == .authenticate)
        #expect(harness.etcd.state == "RUNNING")
        harness.etcd.validToken = "expired"
        harness.advance(to: 2.5)
        #expect(harness.count { $0 == .authenticate } == 2)
        #expect(harness.etcd.state == "RUNNING")
    }

    @Test("a refusal retrying cannot cure is said once and retried with the backoff")
    func refusal() {
        var lease = RegistryLease(ttl: .seconds(3), endpointCount: 1, needsLogin: false)
        let start = ContinuousClock.now
        lease.publish(RegistryRecord(state: .starting, since: 0))
        var said: [RegistryLease.Fact] = []
        var at = start
        for _ in 0..<4 {
            let (step, _) = lease.next(at: at, evidence: start)
            #expect(step == .call(.grant(ttlSeconds: 3), endpoint: 0))
            said += lease.received(.answered(.refused("etcdserver: permission denied")), at: at)
            guard case (.wait(let until?), _) = lease.next(at: at, evidence: start) else {
                Issue.record("no wait after a refusal")
                return
            }
            at = until
        }
        #expect(said == [.refused("etcdserver: permission denied")])
        #expect(at - start == .milliseconds(100 + 200 + 400 + 800))
    }

    @Test("the TTL asked of etcd in whole seconds, at least 2", arguments: [(0.5, 2), (2.0, 2), (2.2, 3), (10.0, 10)])
    func ttlSeconds(seconds: Double, asked: Int64) {
        let lease = RegistryLease(ttl: .milliseconds(Int64(seconds * 1000)), endpointCount: 1, needsLogin: false)
        #expect(lease.ttlSeconds == asked)
    }
}
