#if !os(Windows)
    import PunctualCore

    /// Builds the probe that checks `spec`; nil for the kinds that are told, not asked (log, notify).
    package func makePolledProbe(_ spec: ProbeSpec, environment: [String]) -> (any PolledProbe)? {
        switch spec {
        case .tcp(let endpoint): TCPProbe(endpoint: endpoint)
        case .http(let target): HTTPProbe(target: target)
        case .redis(let target): RedisProbe(target: target)
        case .postgres(let target): PostgresProbe(target: target)
        case .grpc(let target): GRPCHealthProbe(target: target)
        case .exec(let command): ExecProbe(command: command, environment: environment)
        case .file(let path): FileProbe(path: path)
        case .log, .notify, .condition: nil
        }
    }
#endif
