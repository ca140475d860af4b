/// An HTTP/2 frame (RFC 9113), as far as a health check needs them.
package struct HTTP2Frame: Equatable, Sendable {
    package enum Kind: UInt8, Sendable {
        case data = 0x0
        case headers = 0x1
        case resetStream = 0x3
        case settings = 0x4
        case ping = 0x6
        case goAway = 0x7
        case windowUpdate = 0x8
        case continuation = 0x9
    }

    /// The frame's type byte; frames of types this code does not know are kept and ignored.
    package let type: UInt8
    package let flags: UInt8
    package let stream: UInt32
    package let payload: [UInt8]

    package static let endStream: UInt8 = 0x1
    package static let acknowledged: UInt8 = 0x1
    package static let endHeaders: UInt8 = 0x4
    /// The largest frame a probe accepts: the protocol's default maximum.
    package static let largestPayload = 16_384

    package init(_ kind: Kind, flags: UInt8 = 0, stream: UInt32 = 0, payload: [UInt8] = []) {
        self.init(type: kind.rawValue, flags: flags, stream: stream, payload: payload)
    }

    package init(type: UInt8, flags: UInt8, stream: UInt32, payload: [UInt8]) {
        self.type = type
        self.flags = flags
        self.stream = stream
        self.payload = payload
    }

    package var kind: Kind? { Kind(rawValue: type) }

    /// The frame on the wire: a 9-byte header, then the payload.
    package var bytes: [UInt8] {
        let length = UInt32(payload.count)
        return [UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff), type, flags]
            + [UInt8(stream >> 24 & 0x7f), UInt8(stream >> 16 & 0xff), UInt8(stream >> 8 & 0xff), UInt8(stream & 0xff)]
            + payload
    }

    /// What the start of a buffer holds.
    package enum Parsed: Equatable, Sendable {
        case frame(HTTP2Frame, length: Int)
        case incomplete
        case malformed(String)
    }

    /// Reads the frame at the start of `bytes`.
    package static func parse(_ bytes: ArraySlice<UInt8>) -> Parsed {
        guard bytes.count >= 9 else { return .incomplete }
        let start = bytes.startIndex
        let length = Int(bytes[start]) << 16 | Int(bytes[start + 1]) << 8 | Int(bytes[start + 2])
        guard length <= largestPayload else { return .malformed("a frame of \(length) bytes") }
        guard bytes.count >= 9 + length else { return .incomplete }
        let stream = bytes[(start + 5)..<(start + 9)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } & 0x7fff_ffff
        let frame = HTTP2Frame(
            type: bytes[start + 3], flags: bytes[start + 4], stream: stream,
            payload: Array(bytes[(start + 9)..<(start + 9 + length)]))
        return .frame(frame, length: 9 + length)
    }
}
