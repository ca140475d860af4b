import PunctualCore

/// What a program declared that cannot work, found before anything runs: one line naming the mistake
/// with a correct example, which ``PunctualServiceGroup/run()`` logs before returning 64.
enum DeclarationMistakes {
    /// Names the health endpoints already use for checks of their own.
    static let reservedCheckNames: Set<String> = [HealthCheckResult.pingName, TaskPoolPulse.checkName]

    static func first(
        services: Int, phases: [StartupPhase], conditions: [ReadinessCondition], checks: [LivenessCheck],
        badDependency: String?, configuration: PunctualServiceGroup.Configuration
    ) -> String? {
        if let badDependency { return badDependency }
        if let mistake = configuration.registry?.mistake { return mistake }
        if services == 0 {
            return "no services to run: add one before run(), e.g. group.addService(application)"
        }
        if configuration.shutdownDelay >= configuration.gracefulShutdownLimit {
            return "shutdownDelay (\(configuration.shutdownDelay.humanReadable)) must be shorter than "
                + "gracefulShutdownLimit (\(configuration.gracefulShutdownLimit.humanReadable)), "
                + "e.g. shutdownDelay: .seconds(3), gracefulShutdownLimit: .seconds(15)"
        }
        if let phase = phases.first(where: { $0.budget <= .zero }) {
            return "the phase '\(phase.name)' has a budget of \(phase.budget.humanReadable): give it time, "
                + "e.g. budget: .seconds(90)"
        }
        if let check = checks.first(where: { $0.interval <= .zero || $0.timeout <= .zero }) {
            return "the liveness check '\(check.name)' needs an interval and a timeout above zero, "
                + "e.g. every: .seconds(10), timeout: .seconds(2)"
        }
        if let name = checks.map(\.name).first(where: reservedCheckNames.contains) {
            return "a liveness check may not be named '\(name)': punctual's own check has that name; "
                + "choose another, e.g. 'database'"
        }
        let startNames = phases.filter { $0.readiness == .required }.map(\.name) + conditions.map(\.name)
        if startNames.contains(HealthCheckResult.shutdownName) {
            return "a phase or condition may not be named 'shutdown': /readyz uses that name for the stop; "
                + "choose another, e.g. 'shutdown hooks'"
        }
        for names in [startNames, checks.map(\.name)] {
            if let name = firstRepeated(names) {
                return "two phases, conditions or checks are named '\(name)': give each its own name, "
                    + "e.g. '\(name) 2'"
            }
        }
        return nil
    }

    private static func firstRepeated(_ names: [String]) -> String? {
        var seen: Set<String> = []
        return names.first { !seen.insert($0).inserted }
    }
}
