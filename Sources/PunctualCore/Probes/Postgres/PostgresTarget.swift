/// The PostgreSQL server a `postgres://` probe asks: over TCP, or over the Unix socket in a folder.
package struct PostgresTarget: Hashable, Sendable, CustomStringConvertible {
    /// Where the server listens.
    package enum Address: Hashable, Sendable {
        case tcp(Endpoint)
        /// The folder of the server's socket (`/var/run/postgresql`) and the port that names it.
        case socket(directory: String, port: UInt16)
    }

    package let address: Address
    /// The role named in the startup message.
    package let user: String
    /// The database named in the startup message.
    package let database: String

    package init(address: Address, user: String = "postgres", database: String? = nil) {
        self.address = address
        self.user = user
        self.database = database ?? user
    }

    /// The socket file of a folder address: `DIR/.s.PGSQL.PORT`.
    package var socketPath: String? {
        guard case .socket(let directory, let port) = address else { return nil }
        return (directory.hasSuffix("/") ? directory : directory + "/") + ".s.PGSQL.\(port)"
    }

    package var description: String {
        let login = user == "postgres" ? "" : "\(user)@"
        let path = database == user ? "" : "/\(database)"
        switch address {
        case .tcp(let endpoint): return "postgres://\(login)\(endpoint)\(path)"
        case .socket(let directory, let port):
            return "postgres://\(login)\(path.isEmpty ? "/" : path)?host=\(directory)&port=\(port)"
        }
    }
}
