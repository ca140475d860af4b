import PunctualCore
import Testing

@Suite("grpc://: HTTP/2 frames, the health call, its answer")
struct GRPCProtocolTests {
    let target = GRPCTarget(endpoint: Endpoint(host: "127.0.0.1", port: 50051), service: "orders.v1.Orders")

    func answer(status: UInt8?) -> [UInt8] {
        let message: [UInt8] = status.map { [0x08, $0] } ?? []
        return [0, 0, 0, 0, UInt8(message.count)] + message
    }

    func frames(_ list: [HTTP2Frame]) -> [UInt8] { list.flatMap(\.bytes) }

    let serverSettings = HTTP2Frame(.settings, payload: [0, 3, 0, 0, 0, 100])
    let responseHeaders = HTTP2Frame(.headers, flags: HTTP2Frame.endHeaders, stream: 1, payload: [0x88])

    @Test("the request: the preface, SETTINGS, HEADERS naming the method, DATA with the service ending the stream")
    func request() throws {
        let bytes = GRPCHealthExchange.request(for: target)
        #expect(bytes.starts(with: Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)))
        var rest = bytes.dropFirst(24)
        var parsed: [HTTP2Frame] = []
        while case .frame(let frame, let length) = HTTP2Frame.parse(rest) {
            parsed.append(frame)
            rest = rest.dropFirst(length)
        }
        #expect(rest.isEmpty)
        #expect(parsed.map(\.kind) == [.settings, .headers, .data])
        #expect(parsed[1].stream == 1 && parsed[1].flags == HTTP2Frame.endHeaders)
        #expect(parsed[1].payload.starts(with: [0x83, 0x86, 0x04, 28]))
        #expect(String(decoding: parsed[1].payload, as: UTF8.self).contains("/grpc.health.v1.Health/Check"))
        #expect(parsed[2].flags == HTTP2Frame.endStream)
        #expect(parsed[2].payload == [0, 0, 0, 0, 18, 0x0a, 16] + Array("orders.v1.Orders".utf8))
    }

    @Test(
        "the answer's status",
        arguments: [
            (1 as UInt8?, GRPCHealthExchange.Verdict.serving), (2, .notServing("NOT_SERVING")),
            (3, .notServing("SERVICE_UNKNOWN")), (nil, .notServing("UNKNOWN: no status for this service")),
        ])
    func statuses(status: UInt8?, expected: GRPCHealthExchange.Verdict) {
        let bytes = frames([
            serverSettings, responseHeaders, HTTP2Frame(.data, stream: 1, payload: answer(status: status)),
        ])
        let read = GRPCHealthExchange.read(bytes[...])
        #expect(read.settingsReceived)
        #expect(read.verdict == expected)
    }

    @Test("the server's SETTINGS alone: acknowledge them, and read on; a cut anywhere is read on too")
    func partial() {
        #expect(GRPCHealthExchange.read(serverSettings.bytes[...]) == (true, nil))
        let whole = frames([serverSettings, responseHeaders, HTTP2Frame(.data, stream: 1, payload: answer(status: 1))])
        for end in 0..<whole.count {
            #expect(GRPCHealthExchange.read(whole[..<end]).verdict == nil, "cut at \(end)")
        }
    }

    @Test("trailers only, a reset, GOAWAY, HTTP/1, an oversized frame, a compressed message: not serving or failed")
    func failures() {
        let trailersOnly = HTTP2Frame(.headers, flags: HTTP2Frame.endHeaders | HTTP2Frame.endStream, stream: 1)
        #expect(
            GRPCHealthExchange.read(frames([serverSettings, trailersOnly])[...]).verdict
                == .notServing("no health status: the server does not know the service, or refused the call"))
        #expect(
            GRPCHealthExchange.read(frames([HTTP2Frame(.resetStream, stream: 1, payload: [0, 0, 0, 2])])[...]).verdict
                == .failed("the server reset the call"))
        #expect(
            GRPCHealthExchange.read(frames([HTTP2Frame(.goAway, payload: [0, 0, 0, 0, 0, 0, 0, 1])])[...]).verdict
                == .failed("the server closed the connection (GOAWAY)"))
        #expect(
            GRPCHealthExchange.read(Array("HTTP/1.1 400 Bad Request\r\n".utf8)[...]).verdict
                == .failed("an HTTP/1 answer: the server does not speak HTTP/2 without TLS"))
        #expect(HTTP2Frame.parse([0x01, 0, 0, 0, 0, 0, 0, 0, 0][...]) == .malformed("a frame of 65536 bytes"))
        let compressed = HTTP2Frame(.data, stream: 1, payload: [1, 0, 0, 0, 2, 0x08, 1])
        #expect(GRPCHealthExchange.read(compressed.bytes[...]).verdict == .failed("a compressed answer"))
    }

    @Test("a HealthCheckResponse with fields it does not know still gives its status")
    func unknownFields() {
        let message: [UInt8] = [0x12, 3, 0x61, 0x62, 0x63, 0x19, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 1, 0x25, 0, 0, 0, 0]
        let data = HTTP2Frame(.data, stream: 1, payload: [0, 0, 0, 0, UInt8(message.count)] + message)
        #expect(GRPCHealthExchange.read(data.bytes[...]).verdict == .serving)
        let broken = HTTP2Frame(.data, stream: 1, payload: [0, 0, 0, 0, 2, 0x0b, 1])
        #expect(
            GRPCHealthExchange.read(broken.bytes[...]).verdict
                == .failed("a health answer that is not a HealthCheckResponse"))
    }

    @Test("garbage of every length: each reading ends")
    func garbage() {
        var generator = SplitMix(seed: 0x6270)
        for _ in 0..<20_000 {
            let count = Int(generator.next() % 64)
            let bytes = (0..<count).map { _ in
                generator.next() % 2 == 0 ? UInt8(generator.next() % 10) : UInt8(truncatingIfNeeded: generator.next())
            }
            _ = GRPCHealthExchange.read(bytes[...])
        }
    }

    @Test(
        "grpc:// URLs, and what is refused",
        arguments: [
            ("grpc://127.0.0.1:50051", GRPCTarget(endpoint: Endpoint(host: "127.0.0.1", port: 50051))),
            (
                "grpc://[::1]:9/orders.v1.Orders",
                GRPCTarget(endpoint: Endpoint(host: "::1", port: 9), service: "orders.v1.Orders")
            ),
            (
                "grpcs://h:443/svc?ca=/ca.pem",
                GRPCTarget(
                    endpoint: Endpoint(host: "h", port: 443), service: "svc",
                    tls: TLSSettings(caFile: "/ca.pem", applicationProtocol: "h2"))
            ),
        ])
    func urls(text: String, expected: GRPCTarget) throws {
        #expect(try ProbeSpecParser.parse(text) == .grpc(expected))
        #expect(try ProbeSpecParser.parse(text).description == text)
    }

    @Test(
        "not grpc probes",
        arguments: [
            "grpc://", "grpc://h", "grpc://u@h:1", "grpc://h:1/a/b", "grpc://h:1?x", "grpc://h:1?insecure",
            "grpcs://h:1?ca=",
        ])
    func badURLs(text: String) {
        #expect(throws: ProbeSpecParser.Failure.self) { try ProbeSpecParser.parse(text) }
    }
}
