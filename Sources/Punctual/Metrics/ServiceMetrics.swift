import Metrics
import PunctualCore

/// What the library records through swift-metrics; with a Prometheus factory bootstrapped, the health
/// server's `/metrics` shows it.
struct ServiceMetrics: Sendable {
    private let ready = Gauge(label: "punctual_ready")
    private let startup = Gauge(label: "punctual_startup_seconds")
    private let heartbeats = Counter(label: "punctual_heartbeats_total")
    private let watchdogPings = Counter(label: "punctual_watchdog_pings_total")
    private let started = ContinuousClock.now

    /// The engine told the manager where the service stands.
    func reported(_ report: StatusReport) {
        if report.extendBy != nil { heartbeats.increment() }
        switch report.state {
        case .ready:
            ready.record(1)
            startup.record((ContinuousClock.now - started).seconds)
        case .stopping, .stopped: ready.record(0)
        case .starting: break
        }
    }

    func pingedWatchdog() { watchdogPings.increment() }

    /// A startup phase ended after `duration`.
    func phaseFinished(_ name: String, after duration: Duration) {
        Gauge(label: "punctual_phase_seconds", dimensions: [("phase", name)]).record(duration.seconds)
    }
}
