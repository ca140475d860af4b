import Glibc
import PunctualCore
import PunctualSystem

/// Opens TCP connections with a deadline, to every address a host name has.
enum SocketConnector {
    enum Outcome {
        case connected(Int32)
        case failed(String)
    }

    /// Connects to the first address of `endpoint` that accepts, within `timeout` in all.
    static func connect(to endpoint: Endpoint, timeout: Duration) -> Outcome {
        let deadline = ContinuousClock.now + timeout
        var lastFailure = "no address"
        for address in addresses(of: endpoint) {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return .failed("timed out") }
            switch attempt(address, timeout: remaining) {
            case .connected(let fd): return .connected(fd)
            case .failed(let reason): lastFailure = reason
            }
        }
        return .failed(lastFailure)
    }

    private static func attempt(_ address: [UInt8], timeout: Duration) -> Outcome {
        let family = address.withUnsafeBytes { $0.load(as: sa_family_t.self) }
        let fd = socket(
            Int32(family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0
        )
        guard fd >= 0 else { return .failed(SystemError("socket").reason.lowercased()) }
        let result = address.withUnsafeBytes { bytes in
            Glibc.connect(fd, bytes.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(bytes.count))
        }
        if result == 0 { return .connected(fd) }
        guard errno == EINPROGRESS else {
            let reason = SystemError("connect").reason.lowercased()
            close(fd)
            return .failed(reason)
        }
        var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&descriptor, 1, Int32(clamping: max(1, timeout.milliseconds)))
        guard ready > 0 else {
            close(fd)
            return .failed("timed out")
        }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        guard error == 0 else {
            close(fd)
            return .failed(SystemError("connect", code: error).reason.lowercased())
        }
        return .connected(fd)
    }

    /// The socket addresses of an endpoint: numeric hosts directly, names through the resolver.
    static func addresses(of endpoint: Endpoint) -> [[UInt8]] {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, endpoint.host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = endpoint.port.bigEndian
            return [withUnsafeBytes(of: v4) { Array($0) }]
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, endpoint.host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = endpoint.port.bigEndian
            return [withUnsafeBytes(of: v6) { Array($0) }]
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var result: [[UInt8]] = []
        var cursor = list
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                result.append(Array(UnsafeRawBufferPointer(start: address, count: Int(entry.pointee.ai_addrlen))))
            }
            cursor = entry.pointee.ai_next
        }
        return result
    }
}
