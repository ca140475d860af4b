/// The engine's state in the Prometheus text format, for `punctual run --health-port`'s `/metrics`.
extension LifecycleEngine {
    /// Readiness, start-up time, the state, heartbeats and watchdog pings, and each liveness check's
    /// failures, as they stand at `now`.
    package func prometheusText(at now: ContinuousClock.Instant) -> String {
        var text = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples { text += "\(name)\(sample.labels) \(sample.value)\n" }
        }
        metric(
            "punctual_ready", "gauge", "1 while the service is ready and not stopping.",
            [("", phase == .ready ? "1" : "0")])
        let startup = readyAt.flatMap { ready in startedAt.map { ready - $0 } }
        metric(
            "punctual_startup_seconds", "gauge", "From the start to ready; absent until ready.",
            startup.map { [("", Self.decimal($0))] } ?? [])
        let elapsed = startedAt.map { now - $0 } ?? .zero
        metric("punctual_uptime_seconds", "gauge", "Since the program was started.", [("", Self.decimal(elapsed))])
        let states = ["starting", "ready", "stopping", "stopped", "failed"]
        metric(
            "punctual_state", "gauge", "1 for the state the service is in.",
            states.map { ("{state=\"\($0)\"}", $0 == stateName ? "1" : "0") })
        metric(
            "punctual_heartbeats_total", "counter", "Deadline extensions sent to the manager.",
            [("", "\(heartbeatsSent)")])
        metric(
            "punctual_watchdog_pings_total", "counter", "WATCHDOG=1 sent to the manager.",
            [("", "\(watchdogPingsSent)")])
        metric(
            "punctual_watchdog_pings_withheld_total", "counter",
            "WATCHDOG=1 not sent because the service was not alive.",
            [("", "\(watchdogPingsWithheld)")])
        metric(
            "punctual_liveness_failures_total", "counter", "Failed liveness checks, by check.",
            liveness.checks.map { ("{check=\"\(Self.escaped($0.name))\"}", "\($0.totalFailures)") })
        return text
    }

    private var stateName: String {
        switch phase {
        case .idle, .starting: "starting"
        case .ready: "ready"
        case .stopping: "stopping"
        case .stopped: "stopped"
        case .failed: "failed"
        }
    }

    private static func decimal(_ duration: Duration) -> String {
        let milliseconds = duration.milliseconds
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    private static func escaped(_ label: String) -> String {
        var result = ""
        for character in label {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}
