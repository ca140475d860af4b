/// Moves a virtual clock forward to `target`, calling `tick` at each deadline a model asks for on the
/// way; stops after `limit` ticks so that a model that never lets time pass cannot hang a test.
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
    now = max(now, target)
}
