import NIOHTTP1
import PunctualCore

extension PunctualServiceGroup {
    /// What the health server answers a request with: the same routing as `punctual run --health-port`.
    func answer(_ method: HTTPMethod, _ uri: String, endpoints: HealthEndpoints) -> HTTPAnswer {
        HealthRouter.answer(
            method: method.rawValue, target: uri, checks: { self.checks($0) },
            metrics: endpoints.metrics.map { registry in { registry.emitToBuffer() } })
    }
}
