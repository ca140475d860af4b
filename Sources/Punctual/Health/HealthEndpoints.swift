import Prometheus

/// Where the health endpoints (`/livez`, `/readyz`, `/startupz`, and `/metrics` if asked) listen.
public struct HealthEndpoints: Sendable {
    /// The address to bind: loopback unless you mean to expose it (a pod's probes need `0.0.0.0`).
    public var host: String
    /// The TCP port; 0 lets the system choose.
    public var port: Int
    /// Serves this registry at `/metrics` in the Prometheus text format; nil serves no `/metrics`.
    /// Bootstrap swift-metrics with a `PrometheusMetricsFactory` on the same registry to see punctual's
    /// own metrics there.
    public var metrics: PrometheusCollectorRegistry?

    /// Endpoints on `host:port` (port 0 picks a free one); with `metrics`, `/metrics` serves that registry.
    public init(host: String = "127.0.0.1", port: Int, metrics: PrometheusCollectorRegistry? = nil) {
        self.host = host
        self.port = port
        self.metrics = metrics
    }
}
