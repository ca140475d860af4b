/// The server a `grpc://` probe asks with the standard health check, and the service it asks about.
package struct GRPCTarget: Hashable, Sendable, CustomStringConvertible {
    package let endpoint: Endpoint
    /// The service whose health is asked; empty asks about the server as a whole.
    package let service: String

    package init(endpoint: Endpoint, service: String = "") {
        self.endpoint = endpoint
        self.service = service
    }

    package var description: String { "grpc://\(endpoint)" + (service.isEmpty ? "" : "/\(service)") }
}
