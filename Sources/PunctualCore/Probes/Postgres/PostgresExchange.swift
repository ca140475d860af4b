/// What a `postgres://` probe sends and how it reads the first answer: the frontend/backend
/// protocol 3.0, as far as the start of a login. The probe never logs in: a server that asks for a
/// password has shown that it accepts logins, which is what readiness means here.
package enum PostgresExchange {
    /// The startup message: its length, protocol 3.0, then `user` and `database`, each a key and a
    /// value ended by NUL, and a final NUL.
    package static func startupMessage(user: String, database: String) -> [UInt8] {
        var body: [UInt8] = [0, 3, 0, 0]
        for (key, value) in [("user", user), ("database", database), ("application_name", "punctual-probe")] {
            body += Array(key.utf8) + [0] + Array(value.utf8) + [0]
        }
        body.append(0)
        return bigEndian(UInt32(body.count + 4)) + body
    }

    /// Terminate: the polite way to leave after `AuthenticationOk`.
    package static let terminate: [UInt8] = [UInt8(ascii: "X"), 0, 0, 0, 4]

    /// The longest first message a probe reads.
    package static let longestMessage = 64 * 1024

    /// One message from the server: its type byte and its body.
    package enum Parsed: Equatable, Sendable {
        case message(type: UInt8, body: [UInt8])
        case incomplete
        case malformed(String)
    }

    /// Reads the message at the start of `bytes`.
    package static func parse(_ bytes: ArraySlice<UInt8>) -> Parsed {
        guard bytes.count >= 5 else { return .incomplete }
        let start = bytes.startIndex
        let type = bytes[start]
        let length = bytes[(start + 1)..<(start + 5)].reduce(0) { $0 << 8 | Int($1) }
        guard length >= 4, length <= longestMessage else { return .malformed("a message of \(length) bytes") }
        guard bytes.count >= 1 + length else { return .incomplete }
        return .message(type: type, body: Array(bytes[(start + 5)..<(start + 1 + length)]))
    }

    /// What the server's first message says.
    package enum Verdict: Equatable, Sendable {
        /// It accepts logins; `detail` says how it answered, and what was wrong with punctual's login if anything.
        case accepting(String)
        /// It is starting, recovering or shutting down (SQLSTATE 57P03).
        case notReady(String)
        /// Not the PostgreSQL protocol.
        case notPostgres(String)
    }

    /// Judges the first message, as libpq's ping does: an authentication request or any error but
    /// 57P03 means a server that accepts connections.
    package static func verdict(type: UInt8, body: [UInt8]) -> Verdict {
        switch type {
        case UInt8(ascii: "R"):
            guard body.count >= 4 else { return .notPostgres("a short authentication message") }
            let code = body[0..<4].reduce(0) { $0 << 8 | Int($1) }
            return .accepting(code == 0 ? loggedIn : "asks for \(authenticationName(code))")
        case UInt8(ascii: "E"):
            let fields = errorFields(body)
            let message = fields[UInt8(ascii: "M")] ?? "an error"
            let code = fields[UInt8(ascii: "C")] ?? ""
            if code == "57P03" { return .notReady(message) }
            return .accepting("refused punctual's login: \(message) (SQLSTATE \(code))")
        case UInt8(ascii: "v"), UInt8(ascii: "N"):
            return .accepting("answered the startup message")
        default:
            return .notPostgres("a message of type \(type)")
        }
    }

    /// What a role let in without a password is told.
    package static let loggedIn = "logged in"

    /// What the server's answer to the startup message means; nil until enough of it has come. After
    /// AuthenticationOk the server may still refuse (a database that does not exist), so it is read
    /// on to ReadyForQuery or an error.
    package static func answer(_ bytes: ArraySlice<UInt8>) -> Verdict? {
        var rest = bytes
        var authenticated = false
        while true {
            switch parse(rest) {
            case .incomplete:
                return nil
            case .malformed(let reason):
                return .notPostgres(reason)
            case .message(let type, let body):
                if !authenticated && !(type == UInt8(ascii: "R") && body == [0, 0, 0, 0]) {
                    return verdict(type: type, body: body)
                }
                if authenticated && type == UInt8(ascii: "E") { return verdict(type: type, body: body) }
                if type == UInt8(ascii: "Z") { return .accepting(loggedIn) }
                authenticated = true
                rest = rest.dropFirst(5 + body.count)
            }
        }
    }

    /// The fields of an ErrorResponse: a code byte, a NUL-ended text, until a NUL.
    package static func errorFields(_ body: [UInt8]) -> [UInt8: String] {
        var fields: [UInt8: String] = [:]
        var index = body.startIndex
        while index < body.endIndex, body[index] != 0 {
            let code = body[index]
            let start = index + 1
            guard let end = body[start...].firstIndex(of: 0) else { break }
            fields[code] = String(decoding: body[start..<end], as: UTF8.self)
            index = end + 1
        }
        return fields
    }

    private static func authenticationName(_ code: Int) -> String {
        switch code {
        case 2: "Kerberos"
        case 3: "a password"
        case 5: "an MD5 password"
        case 7: "GSSAPI"
        case 9: "SSPI"
        case 10: "SCRAM"
        default: "authentication \(code)"
        }
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }
}
