import Hummingbird
import Punctual

/// A Punctual health answer, as a Hummingbird response.
struct HealthAnswer: ResponseGenerator {
    let health: HealthResponse

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: HTTPResponse.Status(code: health.status), headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: health.body)))
    }
}

extension Router {
    /// Serves `/readyz` on the application's port too, for a load balancer that only sees that port.
    func addReadinessRoute(_ group: PunctualServiceGroup) {
        get("readyz") { request, _ in HealthAnswer(health: group.health(.readyz, query: request.uri.query ?? "")) }
    }
}
