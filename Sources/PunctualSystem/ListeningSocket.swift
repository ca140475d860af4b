#if !os(Windows)
    import Glibc
    import PunctualCore

    /// A TCP socket bound and listening, non-blocking, ready for a poll loop.
    package struct ListeningSocket: Sendable {
        package let fd: Int32
        /// The port bound: the one asked for, or the one the kernel chose for 0.
        package let port: UInt16

        /// Binds `endpoint` (the first of its addresses) and listens.
        package init(_ endpoint: Endpoint, backlog: Int32 = 128) throws(SystemError) {
            guard let address = SocketAddresses.resolve(endpoint).first else {
                throw SystemError("getaddrinfo \(endpoint.host)", code: EADDRNOTAVAIL)
            }
            let family = address.withUnsafeBytes { $0.load(as: sa_family_t.self) }
            let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
            let fd = socket(Int32(family), type, 0)
            guard fd >= 0 else { throw SystemError("socket") }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            let bound = address.withUnsafeBytes {
                bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t($0.count))
            }
            guard bound == 0, listen(fd, backlog) == 0 else {
                let error = SystemError(bound == 0 ? "listen on \(endpoint)" : "bind \(endpoint)")
                close(fd)
                throw error
            }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            _ = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            let port = withUnsafeBytes(of: storage) { bytes in
                // sin_port and sin6_port sit at the same offset, right after the family.
                UInt16(bigEndian: bytes.load(fromByteOffset: 2, as: UInt16.self))
            }
            self.fd = fd
            self.port = port
        }
    }
#endif
