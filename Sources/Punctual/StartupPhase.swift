import PunctualCore

/// Whether the service may count as ready before a phase has finished.
public enum PhaseReadiness: Sendable, Equatable {
    /// The phase must finish before the service is ready (the core of the start).
    case required
    /// The phase runs once the service is ready, in the background (the rest of the start).
    case afterReady
}

/// What a running phase can tell punctual about itself.
///
/// Every report counts as evidence of progress and shows in the status the manager sees.
public struct PhaseProgress: Sendable {
    let report: @Sendable (String) -> Void

    /// Says how far the phase has come: `"40%"`, `"table 3 of 12"`.
    public func report(_ text: String) { report(text) }
}

/// A declared phase, kept until ``PunctualServiceGroup/run()`` starts it.
struct StartupPhase: Sendable {
    let name: String
    let budget: Duration
    let readiness: PhaseReadiness
    let work: @Sendable (PhaseProgress) async throws -> Void
}
