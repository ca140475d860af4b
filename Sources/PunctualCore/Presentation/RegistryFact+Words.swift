extension RegistryLease.Fact {
    /// The log line for this fact about `key`, naming the endpoint of `endpoints` it concerns.
    package func line(key: String, endpoints: [Endpoint], ttl: Duration) -> (LogLevel, String) {
        func at(_ index: Int) -> String { "etcd at \(endpoints[index % max(1, endpoints.count)])" }
        switch self {
        case .registered(let state, let endpoint):
            return (.info, "registry: \(key) is \(state.rawValue) (\(at(endpoint)))")
        case .reachable(let endpoint):
            return (.notice, "registry: \(at(endpoint)) answers again")
        case .unreachable(let endpoint, let reason, let retryIn):
            let next =
                retryIn == .zero && endpoints.count > 1
                ? "trying \(at(endpoint + 1))" : "retrying in \(retryIn.humanReadable), with a growing backoff"
            return (.warning, "registry: \(at(endpoint)): \(reason); \(next) (the service is not held up)")
        case .refused(let message):
            return (.error, "registry: etcd refused: \(message); retrying with a growing backoff")
        case .keepAliveWithheld(let state):
            return (
                .debug,
                "registry: no sign of life while \(state.rawValue) since the last keepalive: none sent; \(key) goes within \(ttl.humanReadable) unless life shows"
            )
        case .expired(let state):
            return (
                .warning,
                "registry: no sign of life while \(state.rawValue) for \(ttl.humanReadable): the lease ran out and \(key) is gone until life shows again"
            )
        case .leaseLost:
            return (
                .warning,
                "registry: etcd no longer holds the lease of \(key); a new one is granted at the next sign of life"
            )
        case .revoked:
            return (.info, "registry: lease revoked, \(key) removed")
        case .leftToExpire:
            return (
                .warning, "registry: etcd could not be reached at the end; \(key) expires within \(ttl.humanReadable)"
            )
        }
    }
}
