/// A reply in the Redis serialisation protocol (RESP2), as far as a probe reads one.
package indirect enum RESPReply: Equatable, Sendable {
    /// `+OK`, `+PONG`.
    case simple(String)
    /// `-LOADING Redis is loading the dataset in memory`.
    case error(String)
    /// `:42`.
    case integer(Int64)
    /// `$5\r\nhello`; nil for `$-1`.
    case bulk([UInt8]?)
    /// `*2\r\n…`; nil for `*-1`.
    case array([RESPReply]?)

    /// What the start of a buffer holds.
    package enum Parsed: Equatable, Sendable {
        /// A whole reply, and how many bytes it took.
        case reply(RESPReply, length: Int)
        /// Not yet a whole reply: read more.
        case incomplete
        /// Not RESP, or past the limits a probe accepts.
        case malformed(String)
    }

    /// The largest bulk string a probe accepts: `INFO persistence` is about 1 KiB.
    package static let largestBulk = 1 << 20
    /// The most elements and the deepest nesting a probe accepts.
    package static let largestArray = 1024
    package static let deepestNesting = 8

    /// Reads the reply at the start of `bytes`.
    package static func parse(_ bytes: ArraySlice<UInt8>) -> Parsed {
        var reader = Reader(bytes: bytes)
        switch reader.reply(depth: 0) {
        case .success(let reply?): return .reply(reply, length: reader.offset - bytes.startIndex)
        case .success(nil): return .incomplete
        case .failure(let failure): return .malformed(failure.reason)
        }
    }

    private struct Malformed: Error {
        let reason: String
    }

    /// A cursor over the bytes; each method returns nil when the bytes end too soon.
    private struct Reader {
        let bytes: ArraySlice<UInt8>
        var offset: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            offset = bytes.startIndex
        }

        mutating func reply(depth: Int) -> Result<RESPReply?, Malformed> {
            guard depth <= RESPReply.deepestNesting else { return .failure(Malformed(reason: "nested too deeply")) }
            guard offset < bytes.endIndex else { return .success(nil) }
            let type = bytes[offset]
            offset += 1
            guard let line = line() else { return .success(nil) }
            switch type {
            case UInt8(ascii: "+"): return .success(.simple(String(decoding: line, as: UTF8.self)))
            case UInt8(ascii: "-"): return .success(.error(String(decoding: line, as: UTF8.self)))
            case UInt8(ascii: ":"):
                guard let value = Int64(String(decoding: line, as: UTF8.self)) else {
                    return .failure(Malformed(reason: "an integer reply that is not a number"))
                }
                return .success(.integer(value))
            case UInt8(ascii: "$"):
                return bulk(length: line)
            case UInt8(ascii: "*"):
                return array(count: line, depth: depth)
            default:
                return .failure(Malformed(reason: "a reply of unknown type \(type)"))
            }
        }

        private mutating func bulk(length line: ArraySlice<UInt8>) -> Result<RESPReply?, Malformed> {
            guard let length = Int(String(decoding: line, as: UTF8.self)), length >= -1 else {
                return .failure(Malformed(reason: "a bulk length that is not a number"))
            }
            guard length >= 0 else { return .success(.bulk(nil)) }
            guard length <= RESPReply.largestBulk else {
                return .failure(Malformed(reason: "a bulk reply of \(length) bytes"))
            }
            guard bytes.endIndex - offset >= length + 2 else { return .success(nil) }
            let body = bytes[offset..<offset + length]
            guard bytes[offset + length] == UInt8(ascii: "\r"), bytes[offset + length + 1] == UInt8(ascii: "\n")
            else { return .failure(Malformed(reason: "a bulk reply not ended by CRLF")) }
            offset += length + 2
            return .success(.bulk(Array(body)))
        }

        private mutating func array(count line: ArraySlice<UInt8>, depth: Int) -> Result<RESPReply?, Malformed> {
            guard let count = Int(String(decoding: line, as: UTF8.self)), count >= -1 else {
                return .failure(Malformed(reason: "an array length that is not a number"))
            }
            guard count >= 0 else { return .success(.array(nil)) }
            guard count <= RESPReply.largestArray else {
                return .failure(Malformed(reason: "an array of \(count) elements"))
            }
            var elements: [RESPReply] = []
            for _ in 0..<count {
                switch reply(depth: depth + 1) {
                case .success(let element?): elements.append(element)
                case .success(nil): return .success(nil)
                case .failure(let failure): return .failure(failure)
                }
            }
            return .success(.array(elements))
        }

        /// The bytes up to the next CRLF, which it passes; nil when there is none yet.
        private mutating func line() -> ArraySlice<UInt8>? {
            var index = offset
            while index + 1 < bytes.endIndex {
                if bytes[index] == UInt8(ascii: "\r") && bytes[index + 1] == UInt8(ascii: "\n") {
                    let line = bytes[offset..<index]
                    offset = index + 2
                    return line
                }
                index += 1
            }
            return nil
        }
    }
}
