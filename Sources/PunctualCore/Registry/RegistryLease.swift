/// The rules of one instance's registration in etcd: what to ask next, and when.
///
/// The key lives under a lease that only evidence keeps alive. Each keepalive is sent only if the
/// lifecycle showed life since the last one (progress while starting, passing checks once ready, a
/// stop under way before the kill), so a hung start or an unhealthy service lets its key expire
/// within the TTL and a killed punctual leaves one that expires on its own. A failed call never
/// waits on the lifecycle: the next endpoint is tried at once, then the round is retried with a
/// backoff; a lease etcd no longer knows is granted anew and the value put again.
///
/// The value has no I/O: ask ``next(at:evidence:)`` for a step, perform its call, and give the
/// outcome to ``received(_:at:)``.
package struct RegistryLease: Sendable {
    /// A call to etcd, which the caller turns into a request (it alone holds the password).
    package enum Call: Equatable, Sendable {
        case authenticate
        case grant(ttlSeconds: Int64)
        case put(value: String, lease: Int64)
        case keepAlive(lease: Int64)
        case revoke(lease: Int64)
    }

    /// What to do now.
    package enum Step: Equatable, Sendable {
        /// Perform `call` on the endpoint at this index of the target's list.
        case call(Call, endpoint: Int)
        /// Nothing until then, or until the state changes (nil: only a change moves it).
        case wait(until: ContinuousClock.Instant?)
        /// Done: the lease is revoked, or given up at the end.
        case done
    }

    /// How a call went.
    package enum Outcome: Equatable, Sendable {
        /// The gateway answered with a JSON body of this meaning.
        case answered(EtcdGateway.Answer)
        /// No answer: connection refused, timed out, not the gateway.
        case failed(String)
    }

    /// What the log says about the registration, each once, when it changes.
    package enum Fact: Equatable, Sendable {
        /// The key holds a value of a new state under a lease, at the endpoint of this index.
        case registered(state: RegistryRecord.State, endpoint: Int)
        /// The endpoint answers again after calls failed.
        case reachable(endpoint: Int)
        /// Calls to the endpoint fail; retried after `retryIn` on the next one.
        case unreachable(endpoint: Int, reason: String, retryIn: Duration)
        /// etcd answered with a refusal that retrying may not cure (a permission, a quota).
        case refused(String)
        /// The lifecycle showed no life for an interval: the lease is not kept alive this time.
        case keepAliveWithheld(RegistryRecord.State)
        /// No life for the whole TTL: the lease has run out and the key is gone, until life shows again.
        case expired(RegistryRecord.State)
        /// etcd no longer knows the lease (it expired): a new one is granted once there is life.
        case leaseLost
        /// The lease is revoked: the key is gone.
        case revoked
        /// The end came while etcd could not be reached: the key expires within the TTL.
        case leftToExpire
    }

    package let ttl: Duration
    package let endpointCount: Int
    /// Whether etcd wants a login first (a user is set).
    package let needsLogin: Bool
    /// The time between two keepalives: a third of the TTL, and at most half a second, so that a key
    /// whose lifecycle stops showing life goes within the TTL and one second (etcd itself looks for
    /// expired leases every half second).
    package let keepAliveInterval: Duration
    /// The longest wait between two rounds of failed calls.
    package static let backoffCeiling: Duration = .seconds(2)

    /// The value to keep under the key; nil until the workload starts.
    package private(set) var record: RegistryRecord?
    /// The login's token, presented with each call once etcd has given it.
    package private(set) var token: String?
    private var lease: (id: Int64, expires: ContinuousClock.Instant)?
    /// Whether `record` is what the key holds under the current lease.
    private var recordPut = false
    private var sent: (call: Call, at: ContinuousClock.Instant, record: RegistryRecord?)?
    private var endpoint = 0
    private var failuresInARow = 0
    private var retryAt: ContinuousClock.Instant?
    private var nextKeepAlive: ContinuousClock.Instant?
    /// Evidence from this moment on lets the next keepalive (or a new lease) go out.
    private var evidenceSince: ContinuousClock.Instant?
    private var withholding = false
    /// The state the log last said the key holds; nil after the lease is lost.
    private var announced: RegistryRecord.State?
    private var reachable = true
    private var lastRefusal: String?
    private var finishing = false
    private var finished = false

    package init(ttl: Duration, endpointCount: Int, needsLogin: Bool) {
        self.ttl = ttl
        self.endpointCount = max(1, endpointCount)
        self.needsLogin = needsLogin
        self.keepAliveInterval = min(.milliseconds(500), ttl.divided(by: 3))
    }

    /// The TTL etcd is asked for, in whole seconds (etcd's own minimum is 2).
    package var ttlSeconds: Int64 { max(2, (ttl.nanoseconds + 999_999_999) / 1_000_000_000) }

    /// The lifecycle's value changed: it goes under the key next.
    package mutating func publish(_ record: RegistryRecord) {
        guard record != self.record, !finishing else { return }
        self.record = record
        recordPut = false
    }

    /// The lifecycle is over: the lease is revoked (or, with etcd unreachable, left to expire).
    package mutating func finish() { finishing = true }

    /// The next step at `now`. `evidence`: the last moment the lifecycle showed life (nil: none now).
    package mutating func next(at now: ContinuousClock.Instant, evidence: ContinuousClock.Instant?) -> (
        Step, [Fact]
    ) {
        guard !finished, sent == nil else { return (finished ? .done : .wait(until: nil), []) }
        if finishing {
            guard let lease, now < lease.expires else {
                finished = true
                return (.done, [])
            }
            return (send(.revoke(lease: lease.id), at: now), [])
        }
        if let retryAt, now < retryAt { return (.wait(until: retryAt), []) }
        guard let record else { return (.wait(until: nil), []) }
        if needsLogin, token == nil { return (send(.authenticate, at: now), []) }
        let fresh = evidence.map { at in evidenceSince.map { at >= $0 } ?? true } ?? false
        guard let lease, now < lease.expires else {
            var facts: [Fact] = []
            if lease != nil, withholding {
                facts.append(.expired(record.state))
                announced = nil
            }
            lease = nil
            guard fresh else {
                evidenceSince = now
                return (.wait(until: now + keepAliveInterval), facts)
            }
            return (send(.grant(ttlSeconds: ttlSeconds), at: now), facts)
        }
        if !recordPut { return (send(.put(value: record.json, lease: lease.id), at: now), []) }
        guard let due = nextKeepAlive, now >= due else {
            return (.wait(until: min(nextKeepAlive ?? lease.expires, lease.expires)), [])
        }
        guard fresh else {
            evidenceSince = now
            nextKeepAlive = now + keepAliveInterval
            let facts: [Fact] = withholding ? [] : [.keepAliveWithheld(record.state)]
            withholding = true
            return (.wait(until: min(now + keepAliveInterval, lease.expires)), facts)
        }
        return (send(.keepAlive(lease: lease.id), at: now), [])
    }

    private mutating func send(_ call: Call, at now: ContinuousClock.Instant) -> Step {
        sent = (call, now, record)
        return .call(call, endpoint: endpoint)
    }

    /// The outcome of the step's call, received at `now`.
    package mutating func received(_ outcome: Outcome, at now: ContinuousClock.Instant) -> [Fact] {
        guard let sent else { return [] }
        self.sent = nil
        switch outcome {
        case .failed(let reason):
            return failed(reason, at: now)
        case .answered(.refused(let message)):
            return refused(message, call: sent.call, at: now)
        case .answered(let answer):
            var facts: [Fact] = reachable ? [] : [.reachable(endpoint: endpoint)]
            failuresInARow = 0
            retryAt = nil
            lastRefusal = nil
            reachable = true
            switch (sent.call, answer) {
            case (.authenticate, .token(let token)):
                self.token = token
            case (.grant, .lease(let id, let seconds)) where seconds > 0:
                lease = (id, sent.at + .seconds(seconds))
                recordPut = false
                announced = nil
                evidenceSince = sent.at
                nextKeepAlive = sent.at + keepAliveInterval
            case (.put, .done):
                guard let record = sent.record else { break }
                if record == self.record { recordPut = true }
                if announced != record.state { facts.append(.registered(state: record.state, endpoint: endpoint)) }
                announced = record.state
                withholding = false
            case (.keepAlive, .lease(_, let seconds)) where seconds > 0:
                if let lease { self.lease = (lease.id, sent.at + .seconds(seconds)) }
                evidenceSince = sent.at
                nextKeepAlive = sent.at + keepAliveInterval
                withholding = false
            case (.keepAlive, .lease):
                lease = nil
                announced = nil
                facts.append(.leaseLost)
            case (.revoke, _):
                finished = true
                facts.append(.revoked)
            default:
                return failed("an answer etcd does not give to this call", at: now)
            }
            return facts
        }
    }

    private mutating func refused(_ message: String, call: Call, at now: ContinuousClock.Instant) -> [Fact] {
        if message.contains("lease not found") {
            lease = nil
            announced = nil
            if case .revoke = call {
                finished = true
                return [.revoked]
            }
            return [.leaseLost]
        }
        if message.contains("auth token") {
            token = nil
            return []
        }
        if finishing {
            finished = true
            return [.leftToExpire]
        }
        failuresInARow += 1
        retryAt = now + backoff
        defer { lastRefusal = message }
        return lastRefusal == message ? [] : [.refused(message)]
    }

    private mutating func failed(_ reason: String, at now: ContinuousClock.Instant) -> [Fact] {
        failuresInARow += 1
        let failedEndpoint = endpoint
        endpoint = (endpoint + 1) % endpointCount
        if finishing, failuresInARow >= endpointCount {
            finished = true
            return [.leftToExpire]
        }
        let wait = failuresInARow % endpointCount == 0 ? backoff : .zero
        retryAt = now + wait
        defer { reachable = false }
        return reachable ? [.unreachable(endpoint: failedEndpoint, reason: reason, retryIn: wait)] : []
    }

    /// The wait after a whole round of failures: 100 ms, doubling with each round, up to the ceiling.
    private var backoff: Duration {
        let rounds = max(1, failuresInARow / endpointCount)
        return min(Self.backoffCeiling, .milliseconds(100) * (1 << min(rounds - 1, 10)))
    }
}
