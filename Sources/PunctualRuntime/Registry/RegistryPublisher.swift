import Logging
import PunctualCore
import PunctualProbes
import Synchronization

/// Keeps an instance's key in etcd true to the lifecycle, on a thread of its own: a registry that is
/// slow, down or flapping costs that thread time and nothing else.
package final class RegistryPublisher: LifecycleListener {
    package struct Settings: Sendable {
        package var target: RegistryTarget
        package var instance: String
        package var ttl: Duration
        /// Where clients reach the instance, put in the value.
        package var address: String?

        package init(target: RegistryTarget, instance: String, ttl: Duration, address: String? = nil) {
            self.target = target
            self.instance = instance
            self.ttl = ttl
            self.address = address
        }

        package var key: String { target.key(instance: instance) }
    }

    private let settings: Settings
    private let rules: Mutex<RegistryLease>
    /// The state last published and when it began, in seconds since 1970.
    private let current = Mutex<(state: RegistryRecord.State, since: Int64)?>(nil)
    private let call: EtcdCall
    private let wake: any Wakeup
    private let finished: any Wakeup
    private let isDone = Mutex(false)
    private let logger: Logger
    private let wallSeconds: @Sendable () -> Int64

    package init(
        _ settings: Settings, wake: any Wakeup, finished: any Wakeup, logger: Logger,
        wallSeconds: @escaping @Sendable () -> Int64
    ) {
        self.settings = settings
        let rules = RegistryLease(
            ttl: settings.ttl, endpointCount: settings.target.endpoints.count, needsLogin: settings.target.user != nil)
        self.rules = Mutex(rules)
        self.call = EtcdCall(target: settings.target, timeout: rules.keepAliveInterval)
        self.wake = wake
        self.finished = finished
        self.logger = logger
        self.wallSeconds = wallSeconds
    }

    /// The time between two keepalives: evidence of life is worth looking for at least this often.
    package var keepAliveInterval: Duration { rules.withLock { $0.keepAliveInterval } }

    package func lifecycleChanged(_ view: LifecycleView) {
        guard let state = view.state else {
            if view.isOver {
                rules.withLock { $0.finish() }
                wake.wake()
            }
            return
        }
        let since = current.withLock { current in
            if current?.state != state { current = (state, wallSeconds()) }
            return current?.since ?? 0
        }
        let record = RegistryRecord(
            state: state, since: since, phase: view.phase, address: settings.address, progress: view.progress)
        rules.withLock { $0.publish(record) }
        wake.wake()
    }

    /// Starts the thread; `evidence` says when the lifecycle last showed life.
    package func start(
        evidence: @escaping @Sendable () -> ContinuousClock.Instant?, on startThread: ThreadStarter
    ) throws {
        try startThread("punctual-registry") { [self] in run(evidence: evidence) }
    }

    /// Waits until the lease is revoked or given up, at most `timeout`; true when it was.
    @discardableResult
    package func waitUntilDone(timeout: Duration) -> Bool {
        let end = ContinuousClock.now + timeout
        while !isDone.withLock({ $0 }) {
            let left = end - .now
            guard left > .zero else { return false }
            finished.sleep(left)
        }
        return true
    }

    private func run(evidence: @Sendable () -> ContinuousClock.Instant?) {
        let key = settings.key
        while true {
            let seen = evidence()
            let (step, facts) = rules.withLock { $0.next(at: .now, evidence: seen) }
            say(facts, key: key)
            switch step {
            case .done:
                isDone.withLock { $0 = true }
                finished.wake()
                return
            case .wait(let until):
                wake.sleep(until.map { $0 - .now })
            case .call(let request, let endpoint):
                let token = rules.withLock { $0.token }
                let outcome = call.perform(request, key: key, endpoint: endpoint, token: token)
                say(rules.withLock { $0.received(outcome, at: .now) }, key: key)
            }
        }
    }

    private func say(_ facts: [RegistryLease.Fact], key: String) {
        for fact in facts {
            let (level, text) = fact.line(key: key, endpoints: settings.target.endpoints, ttl: settings.ttl)
            logger.log(level: Logger.Level(level), "\(text)")
        }
    }
}
