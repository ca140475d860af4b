import Glibc
import PunctualSystem
import Synchronization

/// A raw AF_UNIX datagram socket written with Glibc alone, so the wire format is checked by code
/// that shares nothing with punctual's own sender.
final class RawDatagramReceiver {
    let fd: Int32
    let name: String

    /// Binds `name`: a path, or with a leading `@` an abstract name.
    init(_ name: String) {
        self.name = name
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            for (index, byte) in bytes.enumerated() { path[index] = byte }
        }
        let length = socklen_t(2 + bytes.count)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        precondition(result == 0, "bind \(name): \(errno)")
    }

    deinit {
        close(fd)
        if name.hasPrefix("/") { unlink(name) }
    }

    /// The next datagram's text, waiting at most `timeout`.
    func receive(timeout: Duration = .seconds(2)) -> String? {
        guard !Poller.waitReadable([fd], timeout: timeout).isEmpty else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count >= 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }
}

/// A TCP server on 127.0.0.1 that answers each connection with the next scripted reply.
final class LoopbackServer: Sendable {
    enum Reply: Sendable {
        case http(Int)
        case silence
    }

    let port: UInt16
    private let fd: Int32
    private let replies: Mutex<[Reply]>
    private let held = Mutex<[Int32]>([])

    init(replies: [Reply]) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = fd
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw SystemError("listen") }
        port = UInt16(bigEndian: address.sin_port)
        self.replies = Mutex(replies)
        try OSThread.start(name: "test-server") { [self] in serve() }
    }

    private func serve() {
        while true {
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else { return }
            let reply = replies.withLock { $0.count > 1 ? $0.removeFirst() : $0.first ?? .silence }
            switch reply {
            case .http(let code):
                var request = [UInt8](repeating: 0, count: 1024)
                _ = read(connection, &request, request.count)
                FileDescriptorIO.writeAll(connection, "HTTP/1.1 \(code) Test\r\nContent-Length: 0\r\n\r\n")
                close(connection)
            case .silence:
                held.withLock { $0.append(connection) }
            }
        }
    }
}

func uniqueName(_ stem: String) -> String {
    "\(stem)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
}
