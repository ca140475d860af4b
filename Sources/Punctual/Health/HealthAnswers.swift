import NIOHTTP1
import PunctualCore

extension PunctualServiceGroup {
    /// What the health server answers a request with.
    func answer(_ method: HTTPMethod, _ uri: String, endpoints: HealthEndpoints) -> HTTPAnswer {
        guard method == .GET || method == .HEAD else { return .text(405, "only GET and HEAD are served here\n") }
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts.first ?? ""
        if path == "/metrics", let registry = endpoints.metrics {
            return HTTPAnswer(
                status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: registry.emitToBuffer())
        }
        guard let endpoint = HealthEndpoint(path: path) else {
            let metrics = endpoints.metrics == nil ? "" : ", /metrics"
            return .text(404, "no such endpoint: \(path); try /livez, /readyz, /startupz\(metrics)\n")
        }
        let response = health(endpoint, query: parts.count > 1 ? parts[1] : "")
        return .text(response.status, response.body)
    }
}
