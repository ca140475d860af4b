/// Where `--registry` publishes the lifecycle: `etcd://HOST:PORT[,HOST:PORT…]/PREFIX` (`etcds://`
/// with TLS: `?ca=FILE`, and a client certificate with `?cert=FILE&key=FILE`), a user's password from
/// `?password-file=` or `?password-env=`, never the command line.
package struct RegistryTarget: Hashable, Sendable {
    /// The cluster's client endpoints, tried in turn.
    package let endpoints: [Endpoint]
    /// The keys' prefix, without a trailing `/`: `/services/api`.
    package let prefix: String
    package let tls: TLSSettings?
    package let user: String?
    package let password: Secret?

    /// Why a text is not a registry.
    package struct Failure: Error, Equatable, Sendable {
        package let text: String
        package let reason: String
        package let example = "--registry etcd://127.0.0.1:2379/services/api"
    }

    package static func parse(_ text: String) throws(Failure) -> RegistryTarget {
        let shown = ProbeURL.redacted(text)
        func failure(_ reason: String) -> Failure { Failure(text: shown, reason: reason) }
        let scheme = text.prefix { $0 != ":" }
        guard scheme == "etcd" || scheme == "etcds", text.dropFirst(scheme.count).hasPrefix("://") else {
            throw failure("a registry is etcd://HOST:PORT/PREFIX (or etcds:// with TLS)")
        }
        let url = ProbeURL(afterScheme: text.dropFirst(scheme.count + 3))
        if url.password != nil {
            throw failure(
                "a password in the URL is visible to every user of this machine; give ?password-file=PATH or ?password-env=NAME"
            )
        }
        if let unknown = url.unknownKeys(["ca", "cert", "key", "password-file", "password-env"]).first {
            throw failure("'\(unknown)' is not a setting of a registry (ca, cert, key, password-file, password-env)")
        }
        var endpoints: [Endpoint] = []
        for authority in url.authority.split(separator: ",", omittingEmptySubsequences: false) {
            do {
                endpoints.append(try ProbeSpecParser.endpoint(String(authority), defaultPort: 2379, whole: shown))
            } catch {
                throw failure("'\(authority)': \(error.reason)")
            }
        }
        var prefix = url.path
        while prefix.hasSuffix("/") { prefix.removeLast() }
        guard !prefix.isEmpty else { throw failure("the key prefix is missing: etcd://HOST:PORT/services/api") }
        let caFile = url.value("ca").map { $0 ?? "" }
        let clientCertificate: (certificate: String, key: String)?
        switch (url.value("cert"), url.value("key")) {
        case (nil, nil): clientCertificate = nil
        case (.some(.some(let certificate)), .some(.some(let key))) where !certificate.isEmpty && !key.isEmpty:
            clientCertificate = (certificate, key)
        default: throw failure("a client certificate takes both cert=FILE and key=FILE (PEM)")
        }
        if scheme == "etcd", caFile != nil || clientCertificate != nil {
            throw failure("ca=, cert= and key= are for etcds://, the TLS form")
        }
        let password: Secret? =
            switch (url.value("password-file"), url.value("password-env")) {
            case (.some(.some(let path)), nil): .file(path)
            case (nil, .some(.some(let name))): .environment(name)
            case (nil, nil): nil
            default: throw failure("give the password once, with password-file=PATH or password-env=NAME")
            }
        if password != nil, url.user == nil { throw failure("a password needs a user: etcd://USER@HOST:PORT/…") }
        return RegistryTarget(
            endpoints: endpoints, prefix: prefix,
            tls: scheme == "etcds"
                ? TLSSettings(
                    caFile: caFile.flatMap { $0.isEmpty ? nil : $0 }, clientCertificate: clientCertificate) : nil,
            user: url.user, password: password)
    }

    /// The key of one instance: `PREFIX/INSTANCE`.
    package func key(instance: String) -> String { "\(prefix)/\(instance)" }
}
