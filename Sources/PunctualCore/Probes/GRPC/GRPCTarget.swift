/// The server a `grpc://` probe asks with the standard health check, and the service it asks about.
package struct GRPCTarget: Hashable, Sendable, CustomStringConvertible {
    package let endpoint: Endpoint
    /// The service whose health is asked; empty asks about the server as a whole.
    package let service: String
    /// How TLS is spoken, for `grpcs://` (offering `h2`); nil for a plain port.
    package let tls: TLSSettings?

    package init(endpoint: Endpoint, service: String = "", tls: TLSSettings? = nil) {
        self.endpoint = endpoint
        self.service = service
        self.tls = tls
    }

    package var description: String {
        var options: [String] = []
        if tls?.verify == false { options.append("insecure") }
        if let caFile = tls?.caFile { options.append("ca=\(caFile)") }
        return (tls == nil ? "grpc://" : "grpcs://") + "\(endpoint)" + (service.isEmpty ? "" : "/\(service)")
            + (options.isEmpty ? "" : "?" + options.joined(separator: "&"))
    }
}
