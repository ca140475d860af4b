/// Where a run's time comes from: the system's continuous clock, or a test's virtual one.
package struct LifecycleClock: Sendable {
    /// The present moment.
    package let now: @Sendable () -> ContinuousClock.Instant
    /// Suspends for a duration of this clock's time; throws when the task is cancelled.
    package let sleep: @Sendable (Duration) async throws -> Void

    package init(
        now: @escaping @Sendable () -> ContinuousClock.Instant,
        sleep: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.now = now
        self.sleep = sleep
    }

    /// Real time.
    package static let continuous = LifecycleClock(now: { .now }, sleep: { try await Task.sleep(for: $0) })
}
