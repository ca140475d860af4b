import PunctualCore
import Testing

/// Drives a ``LifecycleEngine`` on a virtual clock, the way the heartbeat thread does on a real one.
struct EngineHarness {
    var engine: LifecycleEngine
    let origin = ContinuousClock.now
    private(set) var now: ContinuousClock.Instant
    /// Every action, with the virtual second at which it was produced.
    private(set) var log: [(at: Double, action: EngineAction)] = []

    init(_ configuration: EngineConfiguration) {
        engine = LifecycleEngine(configuration: configuration)
        now = origin
    }

    var elapsed: Double { (now - origin).seconds }

    @discardableResult
    mutating func send(_ event: EngineEvent) -> [EngineAction] {
        let actions = engine.handle(event, at: now)
        log += actions.map { (elapsed, $0) }
        return actions
    }

    /// The configuration's probe at `index` answered.
    @discardableResult
    mutating func probe(_ index: Int, holds: Bool, detail: String) -> [EngineAction] {
        send(.readinessObserved(engine.configuration.probes[index], holds: holds, detail: detail))
    }

    /// Moves the clock to `seconds` after the origin, ticking at every deadline on the way.
    mutating func advance(to seconds: Double) { advance(until: origin + .nanoseconds(Int64(seconds * 1e9))) }

    /// Moves the clock to `target`, ticking at every deadline on the way.
    mutating func advance(until target: ContinuousClock.Instant) {
        var ticks = 0
        while let deadline = engine.nextDeadline, deadline <= target, ticks < 100_000 {
            now = max(now, deadline)
            send(.tick)
            ticks += 1
            if let next = engine.nextDeadline, next <= now {
                Issue.record(
                    "a tick at \(elapsed)s left a deadline that is already due: the heartbeat thread would spin")
                return
            }
        }
        now = max(now, target)
    }

    mutating func advance(by seconds: Double) { advance(to: elapsed + seconds) }

    /// The times of the reports that carried a heartbeat (an extension).
    var heartbeatTimes: [Double] {
        log.compactMap { entry in
            if case .report(let report) = entry.action, report.extendBy != nil { return entry.at }
            return nil
        }
    }

    var reports: [EngineReport] {
        log.compactMap { if case .report(let report) = $0.action { return report } else { return nil } }
    }

    /// The fact of every log action, in order.
    var facts: [LifecycleFact] {
        log.compactMap { if case .log(_, let fact) = $0.action { return fact } else { return nil } }
    }

    /// Where the service stands now.
    var status: LifecycleFact { engine.status(at: now) }

    func times(of wanted: EngineAction) -> [Double] { log.filter { $0.action == wanted }.map(\.at) }

    var finishCode: Int32? {
        log.lazy.compactMap { if case .finish(let code) = $0.action { return code } else { return nil } }.first
    }
}

func approximately(_ lhs: [Double], _ rhs: [Double]) -> Bool {
    lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { abs($0 - $1) < 1e-6 }
}
