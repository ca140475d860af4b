/// Reads `postgres://[user@]HOST[:PORT][/DB]` and the socket forms `postgres:///DB?host=/run/postgresql`
/// and `postgres://%2Frun%2Fpostgresql[:PORT]/DB` (`postgresql://` too).
enum PostgresURL {
    static let example = "--ready postgres://127.0.0.1:5432"
    static let defaultPort: UInt16 = 5432

    static func target(_ rest: String, whole: String) throws(ProbeSpecParser.Failure) -> PostgresTarget {
        guard rest.hasPrefix("//") else { throw failure(whole, "it is not a postgres:// URL") }
        let url = ProbeURL(afterScheme: rest.dropFirst(2))
        if url.password != nil {
            throw failure(whole, "a password is not needed: the probe only checks that the server asks for one")
        }
        if let unknown = url.unknownKeys(["host", "port"]).first {
            throw failure(whole, "'\(unknown)' is not an option of a postgres probe (host, port)")
        }
        let database = url.path.dropFirst().isEmpty ? nil : String(url.path.dropFirst()).percentDecoded()
        let user = url.user ?? "postgres"
        let folder = url.value("host").flatMap { $0 } ?? (url.authority.hasPrefix("%2F") ? url.authority : nil)
        guard let folder else {
            if url.value("port") != nil { throw failure(whole, "?port= goes with ?host=/FOLDER; write HOST:PORT") }
            let endpoint = try ProbeSpecParser.endpoint(
                url.authority, defaultPort: defaultPort, whole: whole, example: example)
            return PostgresTarget(address: .tcp(endpoint), user: user, database: database)
        }
        // A socket folder, given as ?host= or percent-encoded in the place of the host.
        var directory = folder.percentDecoded()
        var port = defaultPort
        if let colon = directory.lastIndex(of: ":"), let written = UInt16(directory[directory.index(after: colon)...]) {
            port = written
            directory = String(directory[..<colon])
        }
        if let written = url.value("port") {
            guard let written, let value = UInt16(written), value > 0 else {
                throw failure(whole, "'\(written ?? "")' is not a port (1-65535)")
            }
            port = value
        }
        guard directory.hasPrefix("/") else { throw failure(whole, "the socket folder '\(directory)' is not absolute") }
        return PostgresTarget(address: .socket(directory: directory, port: port), user: user, database: database)
    }

    private static func failure(_ whole: String, _ reason: String) -> ProbeSpecParser.Failure {
        ProbeSpecParser.Failure(
            text: whole, reason: reason, example: "\(example)/app or --ready 'postgres:///app?host=/var/run/postgresql'"
        )
    }
}
