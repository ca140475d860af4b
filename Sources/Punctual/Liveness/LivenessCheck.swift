import PunctualCore
import PunctualRuntime

/// What a failing liveness check means for the service.
public enum LivenessFailure: Sendable, Equatable {
    /// `/livez` fails and the watchdog is no longer fed while the check fails; it may recover.
    case unhealthy
    /// The service cannot go on: the manager hears it at once (`WATCHDOG=trigger`) and the service
    /// stops, exiting 125 (`ExitCodes.unhealthy`).
    case fatal
}

/// A declared liveness check, kept until ``PunctualServiceGroup/run()`` starts it.
struct LivenessCheck: Sendable {
    let name: String
    let interval: Duration
    let timeout: Duration
    let failure: LivenessFailure
    let check: @Sendable () async throws -> Void

    /// Runs the check every `interval` until cancelled, posting each outcome; a fatal failure ends it.
    /// While an abandoned call has still not returned, no new one starts: the check keeps failing.
    func repeatedly(post: @escaping @Sendable (EngineEvent) -> Void, clock: LifecycleClock) async {
        var previous: CallInFlight?
        while !Task.isCancelled {
            let outcome: String?
            if let previous, let age = previous.runningFor {
                outcome = "the previous call has not returned after \(age.humanReadable)"
            } else {
                let call = CallInFlight()
                previous = call
                outcome = await Self.outcome(of: check, within: timeout, call: call, clock: clock)
            }
            if Task.isCancelled { return }
            if let reason = outcome, failure == .fatal {
                post(.livenessFatal(name: name, reason: reason))
                return
            }
            post(.livenessChecked(name: name, failure: outcome))
            try? await clock.sleep(interval)
        }
    }

    /// Nil when `check` returned within `timeout`, else what went wrong. A check that ignores
    /// cancellation is abandoned at the timeout, not awaited.
    static func outcome(
        of check: @escaping @Sendable () async throws -> Void, within timeout: Duration,
        call: CallInFlight, clock: LifecycleClock
    ) async -> String? {
        let first = FirstOutcome()
        return await withCheckedContinuation { continuation in
            first.install(continuation)
            let work = Task {
                defer { call.finish() }
                do {
                    try await check()
                    first.resume(nil)
                } catch {
                    first.resume("\(error)")
                }
            }
            let timer = Task {
                try? await clock.sleep(timeout)
                if first.resume("no answer within \(timeout.humanReadable)") { work.cancel() }
            }
            first.onResume { timer.cancel() }
        }
    }
}
