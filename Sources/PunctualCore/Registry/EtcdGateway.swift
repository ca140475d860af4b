/// What punctual says to etcd's v3 JSON gateway and how it reads the answers: a lease granted,
/// a key put under it, the lease kept alive, the lease revoked (taking the key with it).
package enum EtcdGateway {
    /// One request: the path under the client URL and its JSON body.
    package struct Request: Equatable, Sendable {
        package let path: String
        package let body: String

        package init(path: String, body: String) {
            self.path = path
            self.body = body
        }
    }

    package static func grant(ttlSeconds: Int64) -> Request {
        Request(path: "/v3/lease/grant", body: "{\"TTL\": \(ttlSeconds)}")
    }

    package static func put(key: String, value: String, lease: Int64) -> Request {
        Request(
            path: "/v3/kv/put",
            body:
                "{\"key\": \"\(Base64.encode(Array(key.utf8)))\", \"value\": \"\(Base64.encode(Array(value.utf8)))\", "
                + "\"lease\": \"\(lease)\"}")
    }

    package static func keepAlive(lease: Int64) -> Request {
        Request(path: "/v3/lease/keepalive", body: "{\"ID\": \"\(lease)\"}")
    }

    package static func revoke(lease: Int64) -> Request {
        Request(path: "/v3/lease/revoke", body: "{\"ID\": \"\(lease)\"}")
    }

    /// A user's login: the answer carries a token that later requests present.
    package static func authenticate(user: String, password: String) -> Request {
        Request(
            path: "/v3/auth/authenticate",
            body: "{\"name\": \(JSONText.quoted(user)), \"password\": \(JSONText.quoted(password))}")
    }

    /// The HTTP/1.1 request for `request` to `host:port`, with a login's token if there is one,
    /// closing the connection after the answer.
    package static func http(_ request: Request, host: String, token: String? = nil) -> [UInt8] {
        let authorization = token.map { "Authorization: \($0)\r\n" } ?? ""
        return Array(
            ("POST \(request.path) HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\n\(authorization)"
                + "Content-Length: \(request.body.utf8.count)\r\nConnection: close\r\n\r\n\(request.body)").utf8)
    }

    /// What an answer's body says.
    package enum Answer: Equatable, Sendable {
        /// A lease: its ID and the seconds it has left (0 or less: it is gone).
        case lease(id: Int64, ttl: Int64)
        /// A login's token.
        case token(String)
        /// Done, with nothing to read.
        case done
        /// etcd refused: its message (`etcdserver: requested lease not found`).
        case refused(String)
    }

    /// Reads a gateway answer's JSON body; nil when it is not one.
    package static func answer(_ body: String) -> Answer? {
        guard let fields = TopLevelJSON.fields(body) else { return nil }
        if let message = fields["error"] ?? fields["message"] { return .refused(message) }
        if let token = fields["token"] { return .token(token) }
        // A keepalive's answer wraps its fields in "result"; grant's are at the top.
        let lease = fields["result"].flatMap(TopLevelJSON.fields) ?? fields
        if let id = lease["ID"].flatMap({ Int64($0) }) {
            return .lease(id: id, ttl: lease["TTL"].flatMap { Int64($0) } ?? 0)
        }
        return fields["header"] == nil ? nil : .done
    }
}

/// The top level of a JSON object: each key with its value's text (a string's contents, a
/// number's digits, an object or array as written). Enough for etcd's answers; nil when `text` is
/// not an object.
enum TopLevelJSON {
    static func fields(_ text: String) -> [String: String]? {
        let bytes = Array(text.utf8)
        var index = 0
        func skipSpace() { while index < bytes.count, [9, 10, 13, 32].contains(bytes[index]) { index += 1 } }
        func string() -> String? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            var out: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                out.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else { return nil }
            index += 1
            return String(decoding: out, as: UTF8.self)
        }
        func value() -> String? {
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "\"") { return string() }
            let start = index
            var depth = 0
            var inString = false
            while index < bytes.count {
                let byte = bytes[index]
                if inString {
                    if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    depth += 1
                } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    if depth == 0 { break }
                    depth -= 1
                } else if byte == UInt8(ascii: ","), depth == 0 {
                    break
                }
                index += 1
            }
            guard depth == 0, !inString, index <= bytes.count else { return nil }
            let text = String(decoding: bytes[start..<min(index, bytes.count)], as: UTF8.self)
            return text.trimmingSpace()
        }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var fields: [String: String] = [:]
        while true {
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return fields }
            guard let key = string() else { return nil }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let item = value() else { return nil }
            fields[key] = item
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] != UInt8(ascii: "}") {
                return nil
            }
        }
    }
}

extension String {
    /// The text without the white space around it.
    fileprivate func trimmingSpace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
