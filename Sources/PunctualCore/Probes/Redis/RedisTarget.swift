/// The Redis server a `redis://` probe asks, and how it logs in.
package struct RedisTarget: Hashable, Sendable, CustomStringConvertible {
    package let endpoint: Endpoint
    /// The ACL user; nil logs in as `default` (with `AUTH password` alone).
    package let user: String?
    /// Where the password comes from, if the server needs one.
    package let password: Secret?
    /// Whether a replica whose link to its master is down (`-MASTERDOWN`) counts as ready.
    package let replicaOK: Bool
    /// How TLS is spoken, for `rediss://`; nil for plain Redis.
    package let tls: TLSSettings?

    package init(
        endpoint: Endpoint, user: String? = nil, password: Secret? = nil, replicaOK: Bool = false,
        tls: TLSSettings? = nil
    ) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.replicaOK = replicaOK
        self.tls = tls
    }

    /// The URL with the password hidden: this is what logs and `STATUS=` show.
    package var description: String {
        var login = user ?? ""
        if case .inline = password { login += ":***" }
        var query: [String] = []
        if case .file(let path) = password { query.append("password-file=\(path)") }
        if case .environment(let name) = password { query.append("password-env=\(name)") }
        if replicaOK { query.append("replica-ok") }
        if tls?.verify == false { query.append("insecure") }
        if let caFile = tls?.caFile { query.append("ca=\(caFile)") }
        return (tls == nil ? "redis://" : "rediss://") + (login.isEmpty ? "" : login + "@") + "\(endpoint)"
            + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
}

/// A password, or where to read it when the probe runs.
package enum Secret: Hashable, Sendable {
    /// Written in the URL itself: visible to anyone who can list processes.
    case inline(String)
    /// Read from a file (its first line) at each attempt, so a rotated password is picked up.
    case file(String)
    /// Read from punctual's environment.
    case environment(String)
}
