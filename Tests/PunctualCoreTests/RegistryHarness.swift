import PunctualCore
import Testing

/// etcd as the lease rules see it, on the virtual clock: leases that expire, one key attached to a
/// lease, endpoints that can be down, and a login when asked for.
struct ModelEtcd {
    var leases: [Int64: (ttl: Int64, expires: ContinuousClock.Instant)] = [:]
    var key: (value: String, lease: Int64)?
    var down: Set<Int> = []
    var password: String?
    var validToken: String?
    private var nextID: Int64 = 7_587_868_049_416_240_900

    /// The key's state, read from its JSON value.
    var state: String? {
        guard let value = key?.value, let start = value.firstRange(of: "\"state\":\"") else { return nil }
        return String(value[start.upperBound...].prefix { $0 != "\"" })
    }

    mutating func expire(at now: ContinuousClock.Instant) {
        for (id, lease) in leases where lease.expires <= now {
            leases[id] = nil
            if key?.lease == id { key = nil }
        }
    }

    mutating func answer(
        _ call: RegistryLease.Call, endpoint: Int, token: String?, at now: ContinuousClock.Instant
    ) -> RegistryLease.Outcome {
        expire(at: now)
        if down.contains(endpoint) { return .failed("connection refused") }
        if password != nil, call != .authenticate, token == nil || token != validToken {
            return .answered(.refused("etcdserver: invalid auth token"))
        }
        switch call {
        case .authenticate:
            validToken = "token-\(nextID)"
            nextID += 1
            return .answered(.token(validToken ?? ""))
        case .grant(let seconds):
            nextID += 1
            leases[nextID] = (seconds, now + .seconds(seconds))
            return .answered(.lease(id: nextID, ttl: seconds))
        case .put(let value, let lease):
            guard leases[lease] != nil else { return .answered(.refused("etcdserver: requested lease not found")) }
            key = (value, lease)
            return .answered(.done)
        case .keepAlive(let lease):
            guard let granted = leases[lease] else { return .answered(.lease(id: lease, ttl: 0)) }
            leases[lease] = (granted.ttl, now + .seconds(granted.ttl))
            return .answered(.lease(id: lease, ttl: granted.ttl))
        case .revoke(let lease):
            guard leases.removeValue(forKey: lease) != nil else {
                return .answered(.refused("etcdserver: requested lease not found"))
            }
            if key?.lease == lease { key = nil }
            return .answered(.done)
        }
    }
}

/// The engine and the lease rules on one virtual clock, with ``ModelEtcd`` answering every call at
/// once: what the runtime's registry thread does, step by step.
struct RegistryHarness {
    var lifecycle: EngineHarness
    var lease: RegistryLease
    var etcd = ModelEtcd()
    private(set) var facts: [(at: Double, fact: RegistryLease.Fact)] = []
    private(set) var calls: [(at: Double, call: RegistryLease.Call, endpoint: Int)] = []
    /// Each state the key held, with the second it began.
    private(set) var keyStates: [(at: Double, state: String?)] = [(0, nil)]
    private var finished = false
    /// When the registry asked to be woken last.
    private var registryWake: ContinuousClock.Instant?

    init(_ configuration: EngineConfiguration, ttl: Duration = .seconds(10), endpoints: Int = 1, login: Bool = false) {
        lifecycle = EngineHarness(configuration)
        lease = RegistryLease(ttl: ttl, endpointCount: endpoints, needsLogin: login)
        if login { etcd.password = "secret" }
    }

    var now: ContinuousClock.Instant { lifecycle.now }
    var elapsed: Double { lifecycle.elapsed }

    /// An event for the engine, then the registry's steps due now.
    mutating func send(_ event: EngineEvent) {
        lifecycle.send(event)
        step()
    }

    /// Moves the clock in steps of at most 10 ms, stopping where the registry asked to be woken, ticking
    /// the engine and the registry on the way.
    mutating func advance(to seconds: Double) {
        let target = lifecycle.origin + .nanoseconds(Int64(seconds * 1e9))
        while now < target {
            var next = min(target, now + .milliseconds(10))
            if let wake = registryWake, wake > now { next = min(next, wake) }
            lifecycle.advance(until: next)
            step()
        }
    }

    /// The registry's steps due now: the engine's state published, calls answered until it waits.
    mutating func step() {
        if let state = lifecycle.engine.registryState {
            lease.publish(RegistryRecord(state: state, since: 0, progress: lifecycle.engine.pendingSummary))
        } else if lifecycle.engine.phase.isFinished, !finished {
            finished = true
            lease.finish()
        }
        for _ in 0..<20 {
            let (step, facts) = lease.next(at: now, evidence: lifecycle.engine.lastEvidence(at: now))
            self.facts += facts.map { (elapsed, $0) }
            if case .wait(let until) = step { registryWake = until }
            guard case .call(let call, let endpoint) = step else { break }
            calls.append((elapsed, call, endpoint))
            let outcome = etcd.answer(call, endpoint: endpoint, token: lease.token, at: now)
            self.facts += lease.received(outcome, at: now).map { (elapsed, $0) }
        }
        etcd.expire(at: now)
        if keyStates.last?.state != etcd.state { keyStates.append((elapsed, etcd.state)) }
    }

    /// The states the key went through, in order, nil for no key.
    var stateSequence: [String?] { keyStates.map(\.state) }

    /// When the key first held `state` (nil: when it was first gone after holding something).
    func firstTime(_ state: String?) -> Double? {
        keyStates.dropFirst().first { $0.state == state }?.at
    }

    func count(of wanted: (RegistryLease.Call) -> Bool) -> Int { calls.filter { wanted($0.call) }.count }
}
