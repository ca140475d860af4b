/// Reads `grpc://HOST:PORT[/SERVICE]`: the health of SERVICE, or of the whole server without one.
enum GRPCURL {
    static let example = "--ready grpc://127.0.0.1:50051"

    static func target(_ rest: String, whole: String) throws(ProbeSpecParser.Failure) -> GRPCTarget {
        guard rest.hasPrefix("//") else { throw failure(whole, "it is not a grpc:// URL") }
        let url = ProbeURL(afterScheme: rest.dropFirst(2))
        guard url.user == nil, url.password == nil else { throw failure(whole, "credentials are not supported") }
        guard url.query.isEmpty else { throw failure(whole, "a grpc probe takes no options") }
        let endpoint = try ProbeSpecParser.endpoint(url.authority, defaultPort: nil, whole: whole, example: example)
        let service = String(url.path.dropFirst()).percentDecoded()
        guard !service.contains("/") else {
            throw failure(whole, "'\(service)' is not a service name (one name, as grpc.health.v1 knows it)")
        }
        return GRPCTarget(endpoint: endpoint, service: service)
    }

    private static func failure(_ whole: String, _ reason: String) -> ProbeSpecParser.Failure {
        ProbeSpecParser.Failure(text: whole, reason: reason, example: "\(example)/orders.v1.Orders")
    }
}
