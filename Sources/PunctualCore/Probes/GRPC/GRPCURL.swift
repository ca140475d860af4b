/// Reads `grpc://HOST:PORT[/SERVICE]`: the health of SERVICE, or of the whole server without one; and
/// `grpcs://…` over TLS, which takes `ca=PATH` and `insecure` as `https://` does.
enum GRPCURL {
    static let example = "--ready grpc://127.0.0.1:50051"

    static func target(_ rest: String, whole: String, secure: Bool = false) throws(ProbeSpecParser.Failure)
        -> GRPCTarget
    {
        guard rest.hasPrefix("//") else { throw failure(whole, "it is not a grpc:// URL") }
        let url = ProbeURL(afterScheme: rest.dropFirst(2))
        guard url.user == nil, url.password == nil else { throw failure(whole, "credentials are not supported") }
        let options: Set<String> = secure ? ["ca", "insecure"] : []
        if let unknown = url.unknownKeys(options).first {
            throw failure(whole, "'\(unknown)' is not an option of this grpc probe\(secure ? " (ca, insecure)" : "")")
        }
        var tls: TLSSettings?
        if secure {
            switch TLSSettings.reading(
                caFile: url.value("ca"), insecure: url.value("insecure") != nil, applicationProtocol: "h2")
            {
            case .success(let settings): tls = settings
            case .failure(let mistake): throw failure(whole, mistake.reason)
            }
        }
        let endpoint = try ProbeSpecParser.endpoint(url.authority, defaultPort: nil, whole: whole, example: example)
        let service = String(url.path.dropFirst()).percentDecoded()
        guard !service.contains("/") else {
            throw failure(whole, "'\(service)' is not a service name (one name, as grpc.health.v1 knows it)")
        }
        return GRPCTarget(endpoint: endpoint, service: service, tls: tls)
    }

    private static func failure(_ whole: String, _ reason: String) -> ProbeSpecParser.Failure {
        ProbeSpecParser.Failure(text: whole, reason: reason, example: "\(example)/orders.v1.Orders")
    }
}
