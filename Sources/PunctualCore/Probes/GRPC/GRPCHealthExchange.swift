/// The standard gRPC health check (`grpc.health.v1.Health/Check`) over HTTP/2 with prior knowledge,
/// written out by hand: one request on stream 1, and a reading of the frames that answer it. The
/// response's headers are not decoded (no HPACK decoder is needed): the answer is in its DATA.
package enum GRPCHealthExchange {
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
    static let path = "/grpc.health.v1.Health/Check"

    /// The connection preface, our SETTINGS (no push), and the call: HEADERS then DATA ending the stream.
    package static func request(for target: GRPCTarget) -> [UInt8] {
        let settings = HTTP2Frame(.settings, payload: [0x00, 0x02, 0, 0, 0, 0])
        // :method POST, :scheme http or https: entries of HPACK's static table.
        var headers: [UInt8] = [0x83, target.tls == nil ? 0x86 : 0x87]
        headers += literal(nameIndex: 4, value: path)
        headers += literal(nameIndex: 1, value: target.endpoint.description)
        headers += literal(nameIndex: 31, value: "application/grpc")
        headers += [0x00] + string("te") + string("trailers")
        headers += literal(nameIndex: 58, value: "punctual-probe")
        var message: [UInt8] = []
        if !target.service.isEmpty {
            let name = Array(target.service.utf8)
            message = [0x0a] + varint(UInt64(name.count)) + name
        }
        let length = UInt32(message.count)
        let data =
            [0, UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
            + message
        return preface + settings.bytes
            + HTTP2Frame(.headers, flags: HTTP2Frame.endHeaders, stream: 1, payload: headers).bytes
            + HTTP2Frame(.data, flags: HTTP2Frame.endStream, stream: 1, payload: data).bytes
    }

    /// Acknowledges the server's SETTINGS, as the protocol asks.
    package static let settingsAcknowledgement = HTTP2Frame(.settings, flags: HTTP2Frame.acknowledged).bytes

    /// Leaves the connection politely: GOAWAY, no error, having opened stream 1.
    package static let goAway = HTTP2Frame(.goAway, payload: [0, 0, 0, 1, 0, 0, 0, 0]).bytes

    /// The health check's answer.
    package enum Verdict: Equatable, Sendable {
        case serving
        /// `NOT_SERVING`, `SERVICE_UNKNOWN`, `UNKNOWN` (what some servers answer for a service they do
        /// not know, along with the call's NOT_FOUND), or a call that ended without a status.
        case notServing(String)
        /// Not HTTP/2, or a broken exchange.
        case failed(String)
    }

    /// What has arrived so far: whether the server's SETTINGS are in (to acknowledge), and the verdict
    /// once there is one.
    package static func read(_ bytes: ArraySlice<UInt8>) -> (settingsReceived: Bool, verdict: Verdict?) {
        if bytes.starts(with: Array("HTTP/".utf8)) {
            return (false, .failed("an HTTP/1 answer: the server does not speak HTTP/2 without TLS"))
        }
        var rest = bytes
        var settingsReceived = false
        var message: [UInt8] = []
        while true {
            switch HTTP2Frame.parse(rest) {
            case .incomplete:
                return (settingsReceived, nil)
            case .malformed(let reason):
                return (settingsReceived, .failed(reason))
            case .frame(let frame, let length):
                rest = rest.dropFirst(length)
                switch frame.kind {
                case .settings where frame.flags & HTTP2Frame.acknowledged == 0:
                    settingsReceived = true
                case .goAway:
                    return (settingsReceived, .failed("the server closed the connection (GOAWAY)"))
                case .resetStream where frame.stream == 1:
                    return (settingsReceived, .failed("the server reset the call"))
                case .data where frame.stream == 1:
                    message += frame.payload
                    if let status = healthStatus(message) { return (settingsReceived, status) }
                    if frame.flags & HTTP2Frame.endStream != 0 {
                        return (settingsReceived, .failed("the answer ended inside its message"))
                    }
                case .headers where frame.stream == 1 && frame.flags & HTTP2Frame.endStream != 0:
                    return (
                        settingsReceived,
                        .notServing("no health status: the server does not know the service, or refused the call")
                    )
                default:
                    continue
                }
            }
        }
    }

    /// The verdict of a whole gRPC message (a 5-byte prefix, then a `HealthCheckResponse`); nil until whole.
    static func healthStatus(_ message: [UInt8]) -> Verdict? {
        guard message.count >= 5 else { return nil }
        guard message[0] == 0 else { return .failed("a compressed answer") }
        let length = message[1..<5].reduce(0) { $0 << 8 | Int($1) }
        guard message.count >= 5 + length else { return nil }
        guard let status = statusField(message[5..<(5 + length)]) else {
            return .failed("a health answer that is not a HealthCheckResponse")
        }
        switch status {
        case 1: return .serving
        case 2: return .notServing("NOT_SERVING")
        case 3: return .notServing("SERVICE_UNKNOWN")
        default: return .notServing("UNKNOWN: no status for this service")
        }
    }

    /// Field 1 (`status`) of a `HealthCheckResponse`: 0 when absent (proto3's default); nil when malformed.
    static func statusField(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var rest = bytes
        var status: UInt64 = 0
        while !rest.isEmpty {
            guard let key = readVarint(&rest) else { return nil }
            switch key & 7 {
            case 0:
                guard let value = readVarint(&rest) else { return nil }
                if key >> 3 == 1 { status = value }
            case 1:
                guard rest.count >= 8 else { return nil }
                rest = rest.dropFirst(8)
            case 2:
                guard let length = readVarint(&rest), length <= UInt64(rest.count) else { return nil }
                rest = rest.dropFirst(Int(length))
            case 5:
                guard rest.count >= 4 else { return nil }
                rest = rest.dropFirst(4)
            default:
                return nil
            }
        }
        return status
    }

    private static func readVarint(_ bytes: inout ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            guard let byte = bytes.popFirst() else { return nil }
            value |= UInt64(byte & 0x7f) << UInt64(shift)
            if byte & 0x80 == 0 { return value }
        }
        return nil
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            let low = UInt8(value & 0x7f)
            value >>= 7
            bytes.append(value == 0 ? low : low | 0x80)
        } while value != 0
        return bytes
    }

    /// A header field with an indexed name and a literal value, not added to the table (HPACK 6.2.2).
    private static func literal(nameIndex: Int, value: String) -> [UInt8] {
        integer(nameIndex, prefixBits: 4, flags: 0x00) + string(value)
    }

    /// A string literal, not Huffman-coded.
    private static func string(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return integer(bytes.count, prefixBits: 7, flags: 0x00) + bytes
    }

    /// An HPACK integer with an N-bit prefix (RFC 7541 5.1).
    private static func integer(_ value: Int, prefixBits: Int, flags: UInt8) -> [UInt8] {
        let limit = (1 << prefixBits) - 1
        guard value >= limit else { return [flags | UInt8(value)] }
        var bytes = [flags | UInt8(limit)]
        var rest = value - limit
        while rest >= 128 {
            bytes.append(UInt8(rest & 0x7f) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
        return bytes
    }
}
