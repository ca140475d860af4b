import Logging
import PunctualCore
import PunctualRuntime

/// Whether the service may count as ready before a phase has finished.
public enum PhaseReadiness: Sendable, Equatable {
    /// The phase must finish before the service is ready (the core of the start).
    case required
    /// The phase runs once the service is ready, in the background (the rest of the start).
    case afterReady
}

/// What a running phase can tell punctual about itself.
///
/// A report is evidence of progress when it says something new: a required phase's report counts
/// when its text differs from the one before, and shows in the status the manager sees (`STATUS=`,
/// the SCM's log line) next to the phase's name; an optional phase's every report counts.
public struct PhaseProgress: Sendable {
    let send: @Sendable (String) -> Void

    /// Says how far the phase has come: `"40%"`, `"table 3 of 12"`.
    public func report(_ text: String) { send(text) }
}

/// A declared phase, kept until ``PunctualServiceGroup/run()`` starts it.
struct StartupPhase: Sendable {
    let name: String
    let budget: Duration
    let readiness: PhaseReadiness
    let work: @Sendable (PhaseProgress) async throws -> Void

    /// Runs the phase under its budget, telling the engine as it goes; false when it failed. A required
    /// phase is the readiness condition of its name.
    func run(
        post: @escaping @Sendable (EngineEvent) -> Void, metrics: ServiceMetrics, logger: Logger, clock: LifecycleClock
    ) async -> Bool {
        post(.phaseStarted(name: name, budget: budget))
        let started = clock.now()
        let progress = PhaseProgress(send: { text in
            if readiness == .required {
                post(.readinessObserved(.condition(name), holds: false, detail: text))
            } else {
                post(.progress(.probe))
            }
        })
        do {
            try await work(progress)
        } catch {
            post(.phaseFailed(name: name, reason: "\(error)"))
            return false
        }
        let took = clock.now() - started
        logger.info("phase '\(name)' done in \(took.humanReadable)")
        metrics.phaseFinished(name, after: took)
        post(.phaseFinished(name: name))
        if readiness == .required {
            post(.readinessObserved(.condition(name), holds: true, detail: "done in \(took.humanReadable)"))
        }
        return true
    }
}
