/// Reads `redis://[user[:password]@]HOST[:PORT][/DB][?password-file=PATH|password-env=NAME][&replica-ok]`,
/// and `rediss://…` over TLS, which also takes `ca=PATH` and `insecure` as `https://` does.
enum RedisURL {
    static let example = "--ready redis://127.0.0.1:6379"
    static let defaultPort: UInt16 = 6379

    static func target(_ rest: String, whole: String, secure: Bool = false) throws(ProbeSpecParser.Failure)
        -> RedisTarget
    {
        guard rest.hasPrefix("//") else { throw failure(whole, "it is not a redis:// URL") }
        let url = ProbeURL(afterScheme: rest.dropFirst(2))
        let endpoint = try ProbeSpecParser.endpoint(
            url.authority, defaultPort: defaultPort, whole: whole, example: example)
        guard url.path.isEmpty || url.path == "/" || UInt(url.path.dropFirst()) != nil else {
            throw failure(whole, "the path '\(url.path)' is not a database number")
        }
        let options = ["password-file", "password-env", "replica-ok"] + (secure ? ["ca", "insecure"] : [])
        if let unknown = url.unknownKeys(Set(options)).first {
            throw failure(
                whole, "'\(unknown)' is not an option of this redis probe (\(options.joined(separator: ", ")))")
        }
        var tls: TLSSettings?
        if secure {
            switch TLSSettings.reading(caFile: url.value("ca"), insecure: url.value("insecure") != nil) {
            case .success(let settings): tls = settings
            case .failure(let mistake): throw failure(whole, mistake.reason)
            }
        }
        var sources: [Secret] = []
        if let password = url.password { sources.append(.inline(password)) }
        if let file = url.value("password-file") {
            guard let file, !file.isEmpty else { throw failure(whole, "password-file needs a path") }
            sources.append(.file(file))
        }
        if let name = url.value("password-env") {
            guard let name, !name.isEmpty else { throw failure(whole, "password-env needs a variable's name") }
            sources.append(.environment(name))
        }
        guard sources.count <= 1 else {
            throw failure(whole, "it gives the password in more than one way")
        }
        return RedisTarget(
            endpoint: endpoint, user: url.user, password: sources.first, replicaOK: url.value("replica-ok") != nil,
            tls: tls)
    }

    private static func failure(_ whole: String, _ reason: String) -> ProbeSpecParser.Failure {
        ProbeSpecParser.Failure(
            text: whole, reason: reason,
            example: "\(example) or --ready 'redis://app@127.0.0.1:6379?password-file=/run/secrets/redis'")
    }
}
