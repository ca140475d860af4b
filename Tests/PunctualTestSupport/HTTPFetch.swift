import Glibc
import PunctualSystem

/// One HTTP/1.1 exchange with a server on loopback, for tests: status, headers and body.
public struct HTTPFetch: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: String

    /// Sends `METHOD path` to 127.0.0.1:`port` with `Connection: close` and reads the answer to its end;
    /// nil if there is no complete answer within `timeout`.
    public static func request(
        _ method: String = "GET", port: Int, path: String, timeout: Duration = .seconds(5)
    ) -> HTTPFetch? {
        guard let fd = connectToLoopback(port: port) else { return nil }
        defer { close(fd) }
        guard
            FileDescriptorIO.writeAll(fd, "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        else { return nil }
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            guard !Poller.waitReadable([fd], timeout: deadline - ContinuousClock.now).isEmpty else { return nil }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return parse(received) }
            received += buffer[0..<count]
        }
        return nil
    }

    private static func parse(_ bytes: [UInt8]) -> HTTPFetch? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.firstRange(of: "\r\n\r\n") else { return nil }
        let lines = text[..<split.lowerBound].split(separator: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: " ")
        }
        return HTTPFetch(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
