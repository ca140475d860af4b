import Testing

/// A test's driver of a pure model on a virtual clock: it knows the model's next deadline and how to
/// tell the model that time has come.
public protocol VirtualClockHarness {
    /// The virtual time at which the test began.
    var origin: ContinuousClock.Instant { get }
    /// The virtual time now.
    var now: ContinuousClock.Instant { get set }
    /// When the model next wants to be told the time, if ever.
    var nextDeadline: ContinuousClock.Instant? { get }
    /// Tells the model the time (`now`) has come.
    mutating func tick()
}

extension VirtualClockHarness {
    /// Moves the clock forward to `seconds` after ``origin``, ticking at each deadline the model asks
    /// for on the way. A model that keeps asking for a deadline already past would hang the test:
    /// after 100,000 ticks the test fails instead.
    public mutating func advance(to seconds: Double) {
        let target = origin + .milliseconds(Int64(seconds * 1000))
        var ticks = 0
        while let deadline = nextDeadline, deadline <= target, ticks < 100_000 {
            now = max(now, deadline)
            tick()
            ticks += 1
        }
        if ticks >= 100_000 { Issue.record("100000 ticks without reaching the target: a deadline never moves on") }
        now = max(now, target)
    }
}
