import Testing

/// Moves a virtual clock forward to `target`, calling `tick` at each deadline a model asks for on the
/// way. A model that keeps asking for a deadline already past would hang the test: after `limit`
/// ticks the test fails instead.
public func advanceVirtualClock(
    _ now: inout ContinuousClock.Instant, to target: ContinuousClock.Instant,
    nextDeadline: () -> ContinuousClock.Instant?, tick: (ContinuousClock.Instant) -> Void, limit: Int = 100_000
) {
    var ticks = 0
    while let deadline = nextDeadline(), deadline <= target, ticks < limit {
        now = max(now, deadline)
        tick(now)
        ticks += 1
    }
    if ticks >= limit { Issue.record("\(limit) ticks without reaching the target: a deadline never moves on") }
    now = max(now, target)
}
