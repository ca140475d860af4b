#if !os(Windows)
    import PunctualCore

    /// The readiness probe for `spec`, asked again and again while the program starts: one that connects
    /// to a loopback address asks the kernel first whether anything listens there.
    package func makeReadinessProbe(_ spec: ProbeSpec, environment: [String]) -> (any PolledProbe)? {
        guard let probe = makePolledProbe(spec, environment: environment) else { return nil }
        guard let endpoint = spec.connectsTo else { return probe }
        return ListenerGatedProbe(probe, endpoint: endpoint) ?? probe
    }

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

    extension ProbeSpec {
        /// The TCP endpoint the probe connects to; nil for those that connect to none.
        var connectsTo: Endpoint? {
            switch self {
            case .tcp(let endpoint): endpoint
            case .http(let target): target.endpoint
            case .redis(let target): target.endpoint
            case .grpc(let target): target.endpoint
            case .postgres(let target):
                if case .tcp(let endpoint) = target.address { endpoint } else { nil }
            case .exec, .file, .log, .notify, .condition: nil
            }
        }
    }
#endif
