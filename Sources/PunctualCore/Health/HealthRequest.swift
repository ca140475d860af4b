/// What a health server needs of an HTTP/1.x request: its first line and whether the connection stays open.
package struct HealthRequest: Sendable, Equatable {
    /// `GET`, `HEAD`, …
    package let method: String
    /// The request target: path and query.
    package let target: String
    /// Whether the connection stays open after the answer (HTTP/1.1 unless `Connection: close`;
    /// HTTP/1.0 only with `Connection: keep-alive`). Never after a request with a body, which the
    /// health server does not read.
    package let keepAlive: Bool

    /// A request for `target` by `method`.
    package init(method: String, target: String, keepAlive: Bool) {
        self.method = method
        self.target = target
        self.keepAlive = keepAlive
    }

    /// What a buffer holding the start of a request amounts to.
    package enum Parse: Sendable, Equatable {
        /// A whole head, and how many bytes of the buffer it took.
        case complete(HealthRequest, length: Int)
        /// Not all of it has arrived yet.
        case incomplete
        /// Not an HTTP request, or one larger than the limit: answer with this status and close.
        case invalid(status: Int)
    }

    /// The largest head read; a larger one is refused with 431.
    package static let limit = 8192

    /// Reads a request head from the start of `bytes`.
    package static func parse(_ bytes: some Collection<UInt8>) -> Parse {
        let buffer = Array(bytes.prefix(limit + 4))
        guard let end = headEnd(buffer) else {
            return buffer.count > limit ? .invalid(status: 431) : .incomplete
        }
        let lines = String(decoding: buffer[..<end], as: UTF8.self).split(
            separator: "\r\n", omittingEmptySubsequences: false)
        let request = lines[0].split(separator: " ", omittingEmptySubsequences: true)
        guard request.count == 3, request[2].hasPrefix("HTTP/1."), request[1].first == "/" else {
            return .invalid(status: 400)
        }
        var keepAlive = request[2] != "HTTP/1.0"
        var hasBody = false
        for line in lines.dropFirst() {
            let field = line.split(separator: ":", maxSplits: 1)
            guard field.count == 2 else { continue }
            let value = field[1].lowercased()
            switch field[0].lowercased() {
            case "connection":
                if value.contains("close") {
                    keepAlive = false
                } else if value.contains("keep-alive") {
                    keepAlive = true
                }
            case "content-length": hasBody = hasBody || value.contains { $0.isNumber && $0 != "0" }
            case "transfer-encoding": hasBody = true
            default: break
            }
        }
        keepAlive = keepAlive && !hasBody
        let head = HealthRequest(method: String(request[0]), target: String(request[1]), keepAlive: keepAlive)
        return .complete(head, length: end + 4)
    }

    private static func headEnd(_ buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}
