import PunctualCore
import Testing

@Suite("postgres://: the startup message, the first answer, the URL")
struct PostgresProtocolTests {
    func message(_ type: Character, _ body: [UInt8]) -> [UInt8] {
        let length = UInt32(body.count + 4)
        return [UInt8(ascii: type.unicodeScalars.first!)]
            + [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)] + body
    }

    func authentication(_ code: UInt8) -> [UInt8] { message("R", [0, 0, 0, code]) }

    func error(_ code: String, _ text: String) -> [UInt8] {
        message("E", Array("SFATAL\0C\(code)\0M\(text)\0\0".utf8))
    }

    @Test("the startup message: its length, protocol 3.0, user, database, application name, a final NUL")
    func startup() {
        let bytes = PostgresExchange.startupMessage(user: "app", database: "orders")
        let body = Array("user\0app\0database\0orders\0application_name\0punctual-probe\0\0".utf8)
        #expect(bytes == [0, 0, 0, UInt8(8 + body.count), 0, 3, 0, 0] + body)
    }

    @Test(
        "the first answer: a request for a password or a role let in accepts; 57P03 is not ready; other errors accept, said",
        arguments: [
            (3 as UInt8, "asks for a password"), (5, "asks for an MD5 password"), (10, "asks for SCRAM"),
        ])
    func authenticationRequests(code: UInt8, detail: String) {
        #expect(PostgresExchange.answer(authentication(code)[...]) == .accepting(detail))
    }

    @Test("a role let in is read on to ReadyForQuery, or to the error that follows")
    func loggedIn() {
        let parameter = message("S", Array("server_version\015.4\0".utf8))
        let ready = message("Z", [UInt8(ascii: "I")])
        #expect(PostgresExchange.answer((authentication(0) + parameter + ready)[...]) == .accepting("logged in"))
        #expect(PostgresExchange.answer((authentication(0) + parameter)[...]) == nil)
        #expect(
            PostgresExchange.answer((authentication(0) + error("3D000", "database \"x\" does not exist"))[...])
                == .accepting("refused punctual's login: database \"x\" does not exist (SQLSTATE 3D000)"))
    }

    @Test("starting up, in recovery, shutting down: 57P03 is not ready; a refused role is a server that accepts")
    func errors() {
        #expect(
            PostgresExchange.answer(error("57P03", "the database system is starting up")[...])
                == .notReady("the database system is starting up"))
        #expect(
            PostgresExchange.answer(error("28P01", "password authentication failed for user \"a\"")[...])
                == .accepting(
                    "refused punctual's login: password authentication failed for user \"a\" (SQLSTATE 28P01)"))
        #expect(
            PostgresExchange.errorFields(Array("Cxx\0Mhi\0\0".utf8)) == [
                UInt8(ascii: "C"): "xx", UInt8(ascii: "M"): "hi",
            ])
    }

    @Test("an answer cut anywhere is incomplete; a length past the limit, or not PostgreSQL at all, is refused")
    func cutAndMalformed() {
        let whole = authentication(0) + message("S", Array("a\0b\0".utf8)) + message("Z", [73])
        for end in 0..<whole.count {
            #expect(PostgresExchange.answer(whole[..<end]) == nil, "cut at \(end)")
        }
        #expect(PostgresExchange.parse([82, 0, 0, 0, 2][...]) == .malformed("a message of 2 bytes"))
        #expect(PostgresExchange.parse([82, 0x7f, 0, 0, 0][...]) == .malformed("a message of 2130706432 bytes"))
        #expect(
            PostgresExchange.answer(Array("HTTP/1.1 400 Bad".utf8)[...])
                == .notPostgres("a message of 1414811695 bytes"))
    }

    @Test("garbage of every length: each answer ends, never past its bytes")
    func garbage() {
        var generator = SplitMix(seed: 0x9057)
        for _ in 0..<20_000 {
            let count = Int(generator.next() % 48)
            let bytes = (0..<count).map { _ in
                generator.next() % 3 == 0 ? UInt8(generator.next() % 16) : UInt8(truncatingIfNeeded: generator.next())
            }
            _ = PostgresExchange.answer(bytes[...])
        }
    }

    @Test(
        "postgres:// URLs, over TCP and over the socket folder",
        arguments: [
            ("postgres://127.0.0.1", PostgresTarget(address: .tcp(Endpoint(host: "127.0.0.1", port: 5432)))),
            (
                "postgresql://app@db:6543/orders",
                PostgresTarget(address: .tcp(Endpoint(host: "db", port: 6543)), user: "app", database: "orders")
            ),
            (
                "postgres:///orders?host=/var/run/postgresql",
                PostgresTarget(address: .socket(directory: "/var/run/postgresql", port: 5432), database: "orders")
            ),
            (
                "postgres://%2Fvar%2Frun%2Fpostgresql:5433/",
                PostgresTarget(address: .socket(directory: "/var/run/postgresql", port: 5433))
            ),
            (
                "postgres://app@/x?host=/tmp/pg&port=7000",
                PostgresTarget(address: .socket(directory: "/tmp/pg", port: 7000), user: "app", database: "x")
            ),
        ])
    func urls(text: String, expected: PostgresTarget) throws {
        #expect(try ProbeSpecParser.parse(text) == .postgres(expected))
        #expect(try ProbeSpecParser.parse(try ProbeSpecParser.parse(text).description) == .postgres(expected))
    }

    @Test(
        "not postgres probes: one line each, with an example",
        arguments: [
            "postgres://", "postgres:h", "postgres://:pw@h", "postgres://h:0", "postgres://h?sslmode=require",
            "postgres:///x?host=relative", "postgres://h:1?port=2", "postgres:///x?host=/tmp&port=x",
        ])
    func badURLs(text: String) {
        #expect {
            try ProbeSpecParser.parse(text)
        } throws: { error in
            guard let failure = error as? ProbeSpecParser.Failure else { return false }
            return !failure.reason.isEmpty && failure.example.hasPrefix("--ready") && !failure.text.contains(":pw@")
        }
    }
}
