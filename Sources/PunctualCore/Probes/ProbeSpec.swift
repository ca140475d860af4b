/// A readiness check, as written after `--ready`.
package enum ProbeSpec: Hashable, Sendable, CustomStringConvertible {
    /// Passes when a TCP connection to the endpoint succeeds.
    case tcp(Endpoint)
    /// Passes when a GET answers with a 2xx or 3xx status, as the kubelet's httpGet does.
    case http(HTTPTarget)
    /// Passes when Redis answers `PING` with `+PONG`: not while it loads its dataset, not while busy.
    case redis(RedisTarget)
    /// Passes when PostgreSQL accepts logins: it asks for a password or lets the role in, rather than
    /// answering that it is starting up or recovering (SQLSTATE 57P03).
    case postgres(PostgresTarget)
    /// Passes when the standard gRPC health check (`grpc.health.v1.Health/Check`) answers `SERVING`.
    case grpc(GRPCTarget)
    /// Passes when `/bin/sh -c COMMAND` exits 0 within the probe timeout.
    case exec(String)
    /// Passes when a line of the child's stdout or stderr matches the regular expression.
    case log(String)
    /// Passes when the path exists.
    case file(String)
    /// Passes when the child sends `READY=1` on the notify socket punctual gives it.
    case notify
    /// Passes when the application says so: a startup phase that must finish, a server that must listen.
    case condition(String)

    /// Whether punctual can ask it again and again after ready, as a liveness check (tcp, http, exec);
    /// the others are told once (log, notify, a condition) or say nothing of health (file).
    package var canBeAskedAgain: Bool {
        switch self {
        case .tcp, .http, .redis, .postgres, .grpc, .exec: true
        case .log, .file, .notify, .condition: false
        }
    }

    package var description: String {
        switch self {
        case .tcp(let endpoint): "tcp:\(endpoint)"
        case .http(let target): target.tls == nil ? "http:\(target)" : "\(target)"
        case .redis(let target): "\(target)"
        case .postgres(let target): "\(target)"
        case .grpc(let target): "\(target)"
        case .exec(let command): "exec:\(command)"
        case .log(let pattern): "log:\(pattern)"
        case .file(let path): "file:\(path)"
        case .notify: "notify"
        case .condition(let name): name
        }
    }
}

/// A host and a TCP port.
package struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    package let host: String
    package let port: UInt16

    package init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The place an HTTP probe asks: `http://HOST[:PORT]/PATH`, or over TLS `https://…`.
package struct HTTPTarget: Hashable, Sendable, CustomStringConvertible {
    package let endpoint: Endpoint
    /// The request target, starting with `/`.
    package let path: String
    /// How TLS is spoken, for `https://`; nil for plain HTTP.
    package let tls: TLSSettings?

    package init(endpoint: Endpoint, path: String, tls: TLSSettings? = nil) {
        self.endpoint = endpoint
        self.path = path
        self.tls = tls
    }

    /// The value of the `Host` header.
    package var hostHeader: String {
        endpoint.port == (tls == nil ? 80 : 443) ? bracketedHost : "\(bracketedHost):\(endpoint.port)"
    }

    private var bracketedHost: String { endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host }

    package var description: String {
        guard let tls else { return "//\(hostHeader)\(path)" }
        var options: [String] = []
        if !tls.verify { options.append("insecure") }
        if let caFile = tls.caFile { options.append("ca=\(caFile)") }
        let joiner = path.contains("?") ? "&" : "?"
        return "https://\(hostHeader)\(path)" + (options.isEmpty ? "" : joiner + options.joined(separator: "&"))
    }
}

/// How a probe speaks TLS: the certificate checked against the system's CA certificates (or one
/// file of them), unless told not to.
package struct TLSSettings: Hashable, Sendable {
    /// Whether the certificate must be trusted and name the host.
    package let verify: Bool
    /// The CA certificates to trust instead of the system's.
    package let caFile: String?
    /// The application protocol to offer (ALPN): `h2` for gRPC; nil offers none.
    package let applicationProtocol: String?
    /// The certificate chain and key (PEM files) the client presents, where the server asks for one.
    package let clientCertificate: (certificate: String, key: String)?

    package init(
        verify: Bool = true, caFile: String? = nil, applicationProtocol: String? = nil,
        clientCertificate: (certificate: String, key: String)? = nil
    ) {
        self.verify = verify
        self.caFile = caFile
        self.applicationProtocol = applicationProtocol
        self.clientCertificate = clientCertificate
    }

    package static func == (lhs: TLSSettings, rhs: TLSSettings) -> Bool {
        lhs.verify == rhs.verify && lhs.caFile == rhs.caFile && lhs.applicationProtocol == rhs.applicationProtocol
            && lhs.clientCertificate?.certificate == rhs.clientCertificate?.certificate
            && lhs.clientCertificate?.key == rhs.clientCertificate?.key
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(verify)
        hasher.combine(caFile)
        hasher.combine(applicationProtocol)
        hasher.combine(clientCertificate?.certificate)
        hasher.combine(clientCertificate?.key)
    }

    /// The options of a URL that say how TLS is checked (`ca=PATH`, `insecure`), read the same way for
    /// every kind of probe; nil with the reason when they contradict each other.
    package static func reading(caFile: String??, insecure: Bool, applicationProtocol: String? = nil)
        -> Result<TLSSettings, TLSOptionsMistake>
    {
        if let caFile, caFile?.isEmpty != false { return .failure(TLSOptionsMistake(reason: "ca= needs a file")) }
        if insecure, caFile != nil {
            return .failure(TLSOptionsMistake(reason: "insecure skips the check that ca= is for: give one"))
        }
        return .success(
            TLSSettings(verify: !insecure, caFile: caFile.flatMap { $0 }, applicationProtocol: applicationProtocol))
    }
}

/// Why the TLS options of a probe's URL cannot be followed.
package struct TLSOptionsMistake: Error, Sendable {
    package let reason: String
}
