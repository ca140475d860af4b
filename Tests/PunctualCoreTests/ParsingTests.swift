import PunctualCore
import Testing

@Suite("Reading durations, signals, probes; words and wire formats")
struct ParsingTests {
    @Test(
        "durations as operators write them",
        arguments: [
            ("90", 90.0), ("90s", 90), ("5m", 300), ("1m30s", 90), ("1h 5m", 3900), ("500ms", 0.5), ("1.5s", 1.5),
            ("2d", 172_800), ("10min", 600), ("0", 0),
        ])
    func durations(text: String, seconds: Double) throws {
        #expect(try DurationParser.parse(text).seconds == seconds)
    }

    @Test(
        "not durations, never a crash",
        arguments: ["", "5q", "m5", "-3", "1.2.3s", "s", "1e10", "99999999999", "inf", "nan", "1e400", "9e18s", "-0.5"])
    func badDurations(text: String) {
        #expect(throws: DurationParser.Failure.self) { try DurationParser.parse(text) }
    }

    @Test(
        "durations shown short",
        arguments: [(0.25, "250ms"), (12.34, "12.3s"), (5, "5s"), (300, "5m"), (90, "1m30s"), (7500, "2h5m")])
    func humanReadable(seconds: Double, text: String) {
        #expect(Duration.nanoseconds(Int64(seconds * 1e9)).humanReadable == text)
    }

    @Test("signals by name or number")
    func signals() {
        #expect(Signal(parsing: "TERM") == .terminate)
        #expect(Signal(parsing: "sigquit") == .quit)
        #expect(Signal(parsing: "2") == .interrupt)
        #expect(Signal(parsing: "TERMINATE") == nil)
        #expect(Signal(parsing: "0") == nil)
        #expect(Signal.user1.description == "SIGUSR1")
    }

    @Test(
        "probes",
        arguments: [
            ("tcp:127.0.0.1:8080", ProbeSpec.tcp(Endpoint(host: "127.0.0.1", port: 8080))),
            ("tcp:8080", .tcp(Endpoint(host: "127.0.0.1", port: 8080))),
            ("tcp:[::1]:5432", .tcp(Endpoint(host: "::1", port: 5432))),
            ("tcp:localhost:6379", .tcp(Endpoint(host: "localhost", port: 6379))),
            (
                "http://127.0.0.1:8080/healthz",
                .http(HTTPTarget(endpoint: Endpoint(host: "127.0.0.1", port: 8080), path: "/healthz"))
            ),
            ("http:http://localhost/", .http(HTTPTarget(endpoint: Endpoint(host: "localhost", port: 80), path: "/"))),
            ("http://[::1]:9000?x=1", .http(HTTPTarget(endpoint: Endpoint(host: "::1", port: 9000), path: "/?x=1"))),
            (
                "https://app.internal/healthz",
                .http(
                    HTTPTarget(
                        endpoint: Endpoint(host: "app.internal", port: 443), path: "/healthz", tls: TLSSettings()))
            ),
            (
                "https://127.0.0.1:8443/ready?full=1&ca=/etc/app/ca.pem&x",
                .http(
                    HTTPTarget(
                        endpoint: Endpoint(host: "127.0.0.1", port: 8443), path: "/ready?full=1&x",
                        tls: TLSSettings(caFile: "/etc/app/ca.pem")))
            ),
            (
                "https://[::1]:9443?insecure",
                .http(
                    HTTPTarget(endpoint: Endpoint(host: "::1", port: 9443), path: "/", tls: TLSSettings(verify: false)))
            ),
            ("exec:pg_isready -q", .exec("pg_isready -q")),
            ("log:listening on :[0-9]+", .log("listening on :[0-9]+")),
            ("file:/run/app.ready", .file("/run/app.ready")),
            ("notify", .notify),
        ])
    func probes(text: String, expected: ProbeSpec) throws {
        #expect(try ProbeSpecParser.parse(text) == expected)
    }

    @Test(
        "not probes, each with a reason and an example",
        arguments: [
            "tcp:127.0.0.1", "tcp::8080", "tcp:host:99999", "tcp:::1:80", "https://x/?ca=", "https:x", "http:ftp://x",
            "exec:",
            "exec:   ", "log:", "log:([a-z]", "file:", "grpc:1234", "localhost:8080", "ready",
        ])
    func badProbes(text: String) {
        #expect {
            try ProbeSpecParser.parse(text)
        } throws: { error in
            guard let failure = error as? ProbeSpecParser.Failure else { return false }
            return !failure.reason.isEmpty && failure.example.hasPrefix("--ready")
        }
    }

    @Test("probe descriptions read back as written")
    func probeDescriptions() throws {
        for text in ["tcp:127.0.0.1:8080", "tcp:[::1]:5432", "exec:true", "log:up", "file:/x", "notify"] {
            #expect(try ProbeSpecParser.parse(text).description == text)
        }
        #expect(try ProbeSpecParser.parse("http://h:81/p").description == "http://h:81/p")
        for text in ["https://h/p", "https://h:8443/p?a=1&insecure", "https://h/?ca=/x.pem"] {
            #expect(try ProbeSpecParser.parse(text).description == text)
        }
    }

    @Test("polling starts fast and backs off to a ceiling that fits the probe's cost")
    func backoff() throws {
        var tcp = try #require(ProbeBackoff(for: .tcp(Endpoint(host: "h", port: 1))))
        let delays = (0..<10).map { _ in tcp.nextDelay().milliseconds }
        #expect(delays == [2, 3, 4, 6, 10, 15, 22, 30, 30, 30])
        var exec = try #require(ProbeBackoff(for: .exec("true")))
        let execDelays = (0..<8).map { _ in exec.nextDelay().milliseconds }
        #expect(execDelays == [10, 20, 40, 80, 160, 320, 500, 500])
        #expect(ProbeBackoff(for: .notify) == nil)
        #expect(ProbeBackoff(for: .log("x")) == nil)
    }

    @Test("notify datagrams: encoded one assignment a line, values kept on one line, read back")
    func notifyMessage() {
        var message = NotifyMessage()
        message.append("READY", "1")
        message.append("STATUS", "two\nlines")
        message.append("EXTEND_TIMEOUT_USEC", "10000000")
        #expect(
            String(decoding: message.datagram, as: UTF8.self)
                == "READY=1\nSTATUS=two lines\nEXTEND_TIMEOUT_USEC=10000000")
        let read = NotifyMessage(datagram: Array("READY=1\nnonsense\nSTATUS=a=b\n".utf8))
        #expect(read.isReady)
        #expect(read["STATUS"] == "a=b")
        #expect(read.fields.count == 2)
        #expect(message.extendTimeout == .seconds(10))
    }

    @Test("HTTP status lines and the kubelet's pass range")
    func statusLines() {
        #expect(HTTPStatusLine(responsePrefix: Array("HTTP/1.1 204 No Content\r\n".utf8))?.isSuccess == true)
        #expect(HTTPStatusLine(responsePrefix: Array("HTTP/1.0 302 Found\r\n".utf8))?.isSuccess == true)
        #expect(HTTPStatusLine(responsePrefix: Array("HTTP/1.1 503 Loading\r\n".utf8))?.isSuccess == false)
        #expect(HTTPStatusLine(responsePrefix: Array("-LOADING Redis".utf8)) == nil)
    }
}
