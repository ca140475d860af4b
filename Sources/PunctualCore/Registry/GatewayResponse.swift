/// An HTTP/1.1 answer read whole: its status and its body, with a chunked body put back together.
package struct GatewayResponse: Equatable, Sendable {
    package let status: Int
    package let body: String

    package init(status: Int, body: String) {
        self.status = status
        self.body = body
    }

    /// Reads `bytes` as an answer that ended with the connection; nil while it is not whole (the head
    /// unfinished, a body shorter than its length, a chunk cut off) or when it is not HTTP.
    package init?(_ bytes: [UInt8]) {
        guard let status = HTTPStatusLine(responsePrefix: bytes)?.code,
            let headEnd = Self.find([13, 10, 13, 10], in: bytes[...])
        else { return nil }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self).lowercased()
        let rest = bytes[(headEnd + 4)...]
        let fields = head.split(separator: "\r\n").dropFirst()
        func field(_ name: String) -> String? {
            fields.first { $0.hasPrefix("\(name):") }.map { String($0.dropFirst(name.count + 1)).filter { $0 != " " } }
        }
        let body: ArraySlice<UInt8>
        if field("transfer-encoding") == "chunked" {
            guard let joined = Self.dechunk(rest) else { return nil }
            body = joined
        } else if let length = field("content-length").flatMap({ Int($0) }) {
            guard length >= 0, rest.count >= length else { return nil }
            body = rest.prefix(length)
        } else {
            body = rest
        }
        self.status = status
        self.body = String(decoding: body, as: UTF8.self)
    }

    /// The chunks' data, joined; nil when the last chunk has not come.
    private static func dechunk(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var out: [UInt8] = []
        var rest = bytes
        while true {
            guard let lineEnd = find([13, 10], in: rest) else { return nil }
            let sizeText = String(decoding: rest[..<lineEnd], as: UTF8.self).prefix { $0 != ";" }
            guard let size = Int(sizeText.filter { $0 != " " }, radix: 16), size >= 0 else { return nil }
            rest = rest[(lineEnd + 2)...]
            if size == 0 { return out[...] }
            guard rest.count >= size + 2 else { return nil }
            out += rest.prefix(size)
            rest = rest.dropFirst(size + 2)
        }
    }

    private static func find(_ needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = bytes.startIndex
        while index <= bytes.endIndex - needle.count {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
