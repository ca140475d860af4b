import PunctualCore
import Testing

@Suite("redis://: RESP on the wire, what a reply means, the URL")
struct RedisProtocolTests {
    func parse(_ text: String) -> RESPReply.Parsed { RESPReply.parse(Array(text.utf8)[...]) }

    @Test(
        "each kind of reply, and its length",
        arguments: [
            ("+PONG\r\n", RESPReply.simple("PONG")),
            (
                "-LOADING Redis is loading the dataset in memory\r\n",
                .error("LOADING Redis is loading the dataset in memory")
            ),
            (":-42\r\n", .integer(-42)),
            ("$5\r\nhello\r\n", .bulk(Array("hello".utf8))),
            ("$0\r\n\r\n", .bulk([])),
            ("$-1\r\n", .bulk(nil)),
            ("*2\r\n+OK\r\n$2\r\nhi\r\n", .array([.simple("OK"), .bulk(Array("hi".utf8))])),
            ("*1\r\n*1\r\n:1\r\n", .array([.array([.integer(1)])])),
            ("*-1\r\n", .array(nil)),
        ])
    func replies(text: String, expected: RESPReply) {
        #expect(parse(text) == .reply(expected, length: text.utf8.count))
        #expect(parse(text + "+NEXT\r\n") == .reply(expected, length: text.utf8.count))
    }

    @Test("a reply cut anywhere is incomplete, never a wrong reply")
    func truncated() {
        let whole = "*3\r\n$5\r\nhello\r\n-ERR x\r\n:7\r\n"
        let bytes = Array(whole.utf8)
        for end in 0..<bytes.count {
            #expect(RESPReply.parse(bytes[..<end]) == .incomplete, "cut at \(end)")
        }
    }

    @Test(
        "malformed replies and replies past the limits are refused",
        arguments: [
            "?what\r\n", ":12a\r\n", "$abc\r\n", "$-2\r\n", "$3\r\nhelloo\r\n", "*x\r\n", "$2000000\r\n",
            "*5000\r\n", String(repeating: "*1\r\n", count: 20) + ":1\r\n",
        ])
    func malformed(text: String) {
        guard case .malformed(let reason) = parse(text) else {
            Issue.record("'\(text.prefix(20))' was not refused: \(parse(text))")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test("garbage of every length: each parse ends, with a reply within the bytes, incomplete, or refused")
    func garbage() {
        var generator = SplitMix(seed: 0x5EED)
        let alphabet = Array("+-:$*\r\n0123456789-abcPONG ".utf8)
        for _ in 0..<20_000 {
            let count = Int(generator.next() % 64)
            let bytes = (0..<count).map { _ in
                generator.next() % 4 == 0
                    ? UInt8(truncatingIfNeeded: generator.next())
                    : alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            if case .reply(_, let length) = RESPReply.parse(bytes[...]) {
                #expect(length > 0 && length <= bytes.count)
            }
        }
    }

    @Test("commands go out as arrays of bulk strings; a password means AUTH before PING")
    func commands() {
        #expect(RedisExchange.command(["PING"]) == Array("*1\r\n$4\r\nPING\r\n".utf8))
        #expect(RedisExchange.greeting(user: nil, password: nil) == RedisExchange.command(["PING"]))
        #expect(
            RedisExchange.greeting(user: "app", password: "s3cret")
                == RedisExchange.command(["AUTH", "app", "s3cret"]) + RedisExchange.command(["PING"]))
        #expect(
            RedisExchange.greeting(user: nil, password: "p")
                == RedisExchange.command(["AUTH", "p"]) + RedisExchange.command(["PING"]))
    }

    @Test(
        "what the answers to AUTH and PING mean",
        arguments: [
            ([RESPReply.simple("PONG")], false, RedisExchange.Verdict.ready),
            ([.simple("OK"), .simple("PONG")], false, .ready),
            ([.error("LOADING Redis is loading the dataset in memory")], false, .loading),
            ([.simple("OK"), .error("LOADING Redis is loading the dataset in memory")], false, .loading),
            ([.error("BUSY Redis is busy running a script.")], false, .notReady("busy running a script")),
            (
                [.error("MASTERDOWN Link with MASTER is down")], false,
                .notReady("a replica whose link to its master is down")
            ),
            ([.error("MASTERDOWN Link with MASTER is down")], true, .ready),
            ([.error("NOAUTH Authentication required.")], false, .refusedLogin("NOAUTH Authentication required.")),
            (
                [.error("WRONGPASS invalid username-password pair"), .error("NOAUTH Authentication required.")], false,
                .refusedLogin("WRONGPASS invalid username-password pair")
            ),
            (
                [.error("ERR AUTH <password> called without any password configured"), .simple("PONG")], false,
                .refusedLogin("ERR AUTH <password> called without any password configured")
            ),
            ([.integer(1)], false, .notReady("an unexpected answer to PING")),
            ([], false, .notReady("no answer")),
        ])
    func verdicts(replies: [RESPReply], replicaOK: Bool, expected: RedisExchange.Verdict) {
        #expect(RedisExchange.verdict(replies, replicaOK: replicaOK) == expected)
    }

    @Test("how far a load has come, from INFO persistence")
    func loading() {
        let info =
            "# Persistence\r\nloading:1\r\nasync_loading:0\r\nloading_loaded_bytes:104857600\r\nloading_loaded_perc:43.21\r\nloading_total_bytes:242664448\r\n"
        #expect(RedisExchange.loadingProgress(.bulk(Array(info.utf8))) == "loading dataset 43 %")
        #expect(RedisExchange.loadingProgress(.bulk(Array("loading:0\r\n".utf8))) == nil)
        #expect(RedisExchange.loadingProgress(.bulk(Array("loading:1\r\n".utf8))) == "loading dataset")
        #expect(RedisExchange.loadingProgress(.error("ERR")) == nil)
    }

    @Test(
        "redis:// URLs",
        arguments: [
            ("redis://127.0.0.1:6379", RedisTarget(endpoint: Endpoint(host: "127.0.0.1", port: 6379))),
            ("redis://cache", RedisTarget(endpoint: Endpoint(host: "cache", port: 6379))),
            ("redis://[::1]:7000/0", RedisTarget(endpoint: Endpoint(host: "::1", port: 7000))),
            (
                "redis://app:p%40ss@127.0.0.1:6379",
                RedisTarget(endpoint: Endpoint(host: "127.0.0.1", port: 6379), user: "app", password: .inline("p@ss"))
            ),
            (
                "redis://:pw@h:1", RedisTarget(endpoint: Endpoint(host: "h", port: 1), password: .inline("pw"))
            ),
            (
                "redis://h:1?password-file=/run/secrets/redis&replica-ok",
                RedisTarget(
                    endpoint: Endpoint(host: "h", port: 1), password: .file("/run/secrets/redis"), replicaOK: true)
            ),
            (
                "redis://app@h:1?password-env=REDIS_PASSWORD",
                RedisTarget(
                    endpoint: Endpoint(host: "h", port: 1), user: "app", password: .environment("REDIS_PASSWORD"))
            ),
        ])
    func urls(text: String, expected: RedisTarget) throws {
        #expect(try ProbeSpecParser.parse(text) == .redis(expected))
    }

    @Test(
        "not redis probes: one line each, with an example, never showing the password",
        arguments: [
            "redis://", "redis:h:1", "redis://h:0", "redis://h:1/x", "redis://h:1?pasword-file=/x",
            "redis://:pw@h:1?password-env=P", "redis://h:1?password-file=", "rediss://:pw@h:1?ca=",
            "redis://h:1?insecure", "rediss://h:1?insecure&ca=/c.pem",
            "redis://:pw@h:99999",
        ])
    func badURLs(text: String) {
        #expect {
            try ProbeSpecParser.parse(text)
        } throws: { error in
            guard let failure = error as? ProbeSpecParser.Failure else { return false }
            return !failure.reason.isEmpty && failure.example.hasPrefix("--ready")
                && !"\(failure.text) \(failure.reason)".contains(":pw@")
        }
    }

    @Test("logs and STATUS= show the URL without its password")
    func redacted() throws {
        #expect(try ProbeSpecParser.parse("redis://app:s3cret@h:1").description == "redis://app:***@h:1")
        #expect(try ProbeSpecParser.parse("redis://h:1?password-file=/p").description == "redis://h:1?password-file=/p")
        #expect(try ProbeSpecParser.parse("redis://127.0.0.1:6379").description == "redis://127.0.0.1:6379")
        #expect(
            try ProbeSpecParser.parse("rediss://:pw@cache:6380?ca=/etc/ca.pem")
                == .redis(
                    RedisTarget(
                        endpoint: Endpoint(host: "cache", port: 6380), password: .inline("pw"),
                        tls: TLSSettings(caFile: "/etc/ca.pem"))))
        #expect(try ProbeSpecParser.parse("rediss://h:1?insecure").description == "rediss://h:1?insecure")
    }
}

/// A small deterministic generator, so that a failure can be replayed.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
