/// Which health answer a request gets: the one routing of `/livez`, `/readyz`, `/startupz` and
/// `/metrics` that the wrapper's server and the library's share.
package enum HealthRouter {
    /// The answer to `method target`; `checks` says what an endpoint's checks are now, `metrics` (when
    /// served) renders `/metrics`.
    package static func answer(
        method: some StringProtocol, target: some StringProtocol,
        checks: (HealthEndpoint) -> [HealthCheckResult], metrics: (() -> [UInt8])?
    ) -> HTTPAnswer {
        guard method == "GET" || method == "HEAD" else { return .text(405, "only GET and HEAD are served here\n") }
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts.first ?? ""
        if path == "/metrics", let metrics { return .metrics(metrics()) }
        guard let endpoint = HealthEndpoint(path: path) else {
            let served = metrics == nil ? "" : ", /metrics"
            return .text(404, "no such endpoint: \(path); try /livez, /readyz, /startupz\(served)\n")
        }
        let response = HealthResponse(endpoint, checks: checks(endpoint), query: parts.count > 1 ? parts[1] : "")
        return .text(response.status, response.body)
    }
}
