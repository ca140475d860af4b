/// When a polled probe asks next: quickly at first, then less often, up to a ceiling.
///
/// The ceiling depends on what one attempt costs: a missing file costs a system call, a refused TCP
/// connection a trip through the kernel's TCP stack (about 0.2 ms of CPU with the wake-up, so every
/// 30 ms stays under 1 % of a core), an HTTP request costs the server a request, a command a fork and an exec.
package struct ProbeBackoff: Sendable, Equatable {
    package let first: Duration
    package let factor: Double
    package let ceiling: Duration
    private var current: Duration?

    package init(first: Duration, factor: Double, ceiling: Duration) {
        self.first = first
        self.factor = factor
        self.ceiling = ceiling
    }

    /// The schedule for a probe punctual asks; nil for the kinds it is told (log, notify, condition).
    package init?(for spec: ProbeSpec) {
        switch spec {
        case .tcp: self.init(first: .milliseconds(2), factor: 1.5, ceiling: .milliseconds(30))
        case .file: self.init(first: .milliseconds(2), factor: 1.5, ceiling: .milliseconds(20))
        case .http: self.init(first: .milliseconds(5), factor: 1.5, ceiling: .milliseconds(100))
        // A PING costs Redis next to nothing, and a load's end is worth seeing within 40 ms.
        case .redis: self.init(first: .milliseconds(5), factor: 1.5, ceiling: .milliseconds(40))
        // A startup message costs PostgreSQL a backend process: ask less often than Redis.
        case .postgres: self.init(first: .milliseconds(5), factor: 1.5, ceiling: .milliseconds(40))
        // A health call is an HTTP/2 connection and one request: priced like an HTTP probe.
        case .grpc: self.init(first: .milliseconds(5), factor: 1.5, ceiling: .milliseconds(100))
        case .exec: self.init(first: .milliseconds(10), factor: 2, ceiling: .milliseconds(500))
        case .log, .notify, .condition: return nil
        }
    }

    /// The wait before the next attempt.
    package mutating func nextDelay() -> Duration {
        let next: Duration
        if let current {
            let grown = Duration.nanoseconds(Int64(Double(current.nanoseconds) * factor))
            next = min(grown, ceiling)
        } else {
            next = first
        }
        current = next
        return next
    }
}
