/// The status line of an HTTP/1.x response.
package struct HTTPStatusLine: Equatable, Sendable {
    package let code: Int

    /// Reads `HTTP/1.1 200 OK`; nil when the bytes do not start with a status line.
    package init?(responsePrefix bytes: some Collection<UInt8>) {
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        guard text.hasPrefix("HTTP/1.") else { return nil }
        let parts = text.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[1].count == 3, let code = Int(parts[1]) else { return nil }
        self.code = code
    }

    /// Whether the kubelet would count this answer as a pass: 200 to 399.
    package var isSuccess: Bool { (200..<400).contains(code) }
}
