/// Reads the text after `--ready` into a ``ProbeSpec``.
package enum ProbeSpecParser {
    /// Why a text is not a probe, with an example of one that is.
    package struct Failure: Error, Equatable, Sendable {
        /// The probe as written, any password in it replaced by `***`.
        package let text: String
        package let reason: String
        package let example: String

        package init(text: String, reason: String, example: String) {
            self.text = ProbeURL.redacted(text)
            self.reason = reason
            self.example = example
        }
    }

    /// The forms punctual understands, one example each.
    package static let examples = [
        "tcp:127.0.0.1:8080", "http://127.0.0.1:8080/healthz", "https://app.internal/healthz", "redis://127.0.0.1:6379",
        "postgres://127.0.0.1:5432",
        "grpc://127.0.0.1:50051",
        "exec:./ready.sh",
        "log:listening on", "file:/run/app/ready", "notify",
    ]

    /// Parses one probe.
    package static func parse(_ text: String) throws(Failure) -> ProbeSpec {
        if text == "notify" { return .notify }
        guard let colon = text.firstIndex(of: ":") else {
            throw Failure(
                text: text, reason: "it names no probe kind",
                example: "--ready tcp:127.0.0.1:8080 (kinds: \(kinds))")
        }
        let kind = text[..<colon]
        let rest = String(text[text.index(after: colon)...])
        switch kind {
        case "tcp":
            return .tcp(try endpoint(rest, defaultPort: nil, whole: text))
        case "http":
            return .http(try httpTarget(rest, whole: text))
        case "https":
            return .http(try httpsTarget(rest, whole: text))
        case "redis":
            return .redis(try RedisURL.target(rest, whole: text))
        case "postgres", "postgresql":
            return .postgres(try PostgresURL.target(rest, whole: text))
        case "grpc":
            return .grpc(try GRPCURL.target(rest, whole: text))
        case "grpcs":
            return .grpc(try GRPCURL.target(rest, whole: text, secure: true))
        case "rediss":
            return .redis(try RedisURL.target(rest, whole: text, secure: true))
        case "exec":
            guard !rest.trimmingSpaces.isEmpty else {
                throw Failure(text: text, reason: "the command is empty", example: "--ready 'exec:pg_isready -q'")
            }
            return .exec(rest)
        case "log":
            guard !rest.isEmpty else {
                throw Failure(text: text, reason: "the pattern is empty", example: "--ready 'log:listening on'")
            }
            do {
                _ = try Regex(rest)
            } catch {
                throw Failure(
                    text: text, reason: "the pattern is not a regular expression (\(error))",
                    example: "--ready 'log:Server started on port [0-9]+'")
            }
            return .log(rest)
        case "file":
            guard !rest.isEmpty else {
                throw Failure(text: text, reason: "the path is empty", example: "--ready file:/run/app/ready")
            }
            return .file(rest)
        default:
            throw Failure(
                text: text, reason: "'\(kind)' is not a probe kind (kinds: \(kinds))",
                example: "--ready tcp:127.0.0.1:8080")
        }
    }

    private static func httpTarget(_ rest: String, whole: String) throws(Failure) -> HTTPTarget {
        var url = Substring(rest)
        if url.hasPrefix("http://") { url = url.dropFirst(5) }
        let example = "--ready http://127.0.0.1:8080/healthz"
        let (authority, path) = try httpParts(url, whole: whole, scheme: "http", example: example)
        return HTTPTarget(endpoint: try endpoint(authority, defaultPort: 80, whole: whole), path: path)
    }

    /// `https://HOST[:PORT]/PATH[?insecure][&ca=PATH]`: those two options are punctual's, the rest of
    /// the query goes to the server.
    private static func httpsTarget(_ rest: String, whole: String) throws(Failure) -> HTTPTarget {
        let example = "--ready https://127.0.0.1:8443/healthz?ca=/etc/app/ca.pem"
        let (authority, target) = try httpParts(Substring(rest), whole: whole, scheme: "https", example: example)
        var kept: [Substring] = []
        var caFile: String??
        var insecure = false
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        for item in parts.count > 1 ? parts[1].split(separator: "&") : [] {
            if item == "insecure" {
                insecure = true
            } else if item.hasPrefix("ca=") {
                caFile = .some(item.dropFirst(3).percentDecoded())
            } else {
                kept.append(item)
            }
        }
        let tls: TLSSettings
        switch TLSSettings.reading(caFile: caFile, insecure: insecure) {
        case .success(let settings): tls = settings
        case .failure(let mistake): throw Failure(text: whole, reason: mistake.reason, example: example)
        }
        return HTTPTarget(
            endpoint: try endpoint(authority, defaultPort: 443, whole: whole, example: example),
            path: String(parts[0]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&")),
            tls: tls)
    }

    /// The authority and the request target (from `/`, or `/` when empty) of `//AUTHORITY/PATH?QUERY`.
    private static func httpParts(_ url: Substring, whole: String, scheme: String, example: String)
        throws(Failure) -> (authority: String, target: String)
    {
        guard url.hasPrefix("//") else {
            throw Failure(text: whole, reason: "it is not an \(scheme):// URL", example: example)
        }
        let rest = url.dropFirst(2)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        var target = String(rest.dropFirst(authority.count))
        if target.isEmpty { target = "/" } else if target.hasPrefix("?") { target = "/" + target }
        guard !authority.contains("@") else {
            throw Failure(text: whole, reason: "credentials in the URL are not supported", example: example)
        }
        return (String(authority), target)
    }

    /// The kinds of probe, as the error lines list them.
    static let kinds = "tcp, http, https, redis, postgres, grpc, exec, log, file, notify"

    static func endpoint(_ text: String, defaultPort: UInt16?, whole: String, example: String? = nil)
        throws(Failure) -> Endpoint
    {
        let example =
            example ?? (defaultPort == nil ? "--ready tcp:127.0.0.1:8080" : "--ready http://127.0.0.1:8080/healthz")
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw Failure(
                    text: whole, reason: "the IPv6 address has no closing ]", example: "--ready tcp:[::1]:8080")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw Failure(text: whole, reason: "unexpected '\(after)' after the address", example: example)
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") {
                throw Failure(text: whole, reason: "an IPv6 address needs brackets", example: "--ready tcp:[::1]:8080")
            }
        } else if defaultPort == nil, UInt16(text) != nil {
            host = "127.0.0.1"
            portText = Substring(text)
        } else {
            host = Substring(text)
        }
        guard !host.isEmpty else { throw Failure(text: whole, reason: "the host is empty", example: example) }
        guard let portText else {
            guard let defaultPort else { throw Failure(text: whole, reason: "the port is missing", example: example) }
            return Endpoint(host: String(host), port: defaultPort)
        }
        guard let port = UInt16(portText), port > 0 else {
            throw Failure(text: whole, reason: "'\(portText)' is not a port (1-65535)", example: example)
        }
        return Endpoint(host: String(host), port: port)
    }
}

extension String {
    var trimmingSpaces: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? endIndex
        return start < end ? self[start..<end] : ""
    }
}
