#if !os(Windows)
    import CPunctualLinux
    import Glibc
    import PunctualCore
    import Synchronization

    /// Asks the kernel whether a TCP socket listens on a loopback address, without connecting: a
    /// lookup costs about 2 µs where a refused connection costs about 120.
    package final class ListenerLookup: Sendable {
        private let socket: Mutex<Int32>
        private let address: [UInt8]

        /// A lookup for `address` (a `sockaddr_in` or `sockaddr_in6`), or nil when the address is not
        /// loopback (another host's sockets are not the kernel's to tell) or when the kernel here does
        /// not answer truthfully: each family is tried once against a listener of punctual's own.
        package init?(address: [UInt8]) {
            guard let family = Self.loopbackFamily(address), Self.answersTruthfully(family: family) else { return nil }
            let fd = cpunctual_listener_lookup_open()
            guard fd >= 0 else { return nil }
            socket = Mutex(fd)
            self.address = address
        }

        deinit { socket.withLock { _ = close($0) } }

        /// Whether something listens on the address now; nil when the kernel could not say.
        package func isListening() -> Bool? {
            let answer = socket.withLock { fd in
                address.withUnsafeBytes { cpunctual_listener_lookup(fd, $0.baseAddress, UInt32($0.count)) }
            }
            return answer < 0 ? nil : answer == 1
        }

        /// AF_INET or AF_INET6 when `address` is 127.0.0.0/8 or ::1; nil otherwise.
        static func loopbackFamily(_ address: [UInt8]) -> Int32? {
            guard address.count >= MemoryLayout<sa_family_t>.size else { return nil }
            let family = Int32(address.withUnsafeBytes { $0.load(as: sa_family_t.self) })
            if family == AF_INET, address.count >= MemoryLayout<sockaddr_in>.size {
                let v4 = address.withUnsafeBytes { $0.loadUnaligned(as: sockaddr_in.self) }
                return UInt32(bigEndian: v4.sin_addr.s_addr) >> 24 == 127 ? family : nil
            }
            if family == AF_INET6, address.count >= MemoryLayout<sockaddr_in6>.size {
                let v6 = address.withUnsafeBytes { $0.loadUnaligned(as: sockaddr_in6.self) }
                let loopback = withUnsafeBytes(of: v6.sin6_addr) { Array($0) } == Array(repeating: 0, count: 15) + [1]
                return loopback ? family : nil
            }
            return nil
        }

        private static let verified = Mutex<[Int32: Bool]>([:])

        /// Whether the kernel finds a listener of punctual's own on loopback, and no longer once it is
        /// closed: a kernel without sock_diag for TCP (or a sandbox that refuses it) must not make
        /// every port look closed.
        private static func answersTruthfully(family: Int32) -> Bool {
            if let known = verified.withLock({ $0[family] }) { return known }
            let answer = selfTest(family: family)
            verified.withLock { $0[family] = answer }
            return answer
        }

        private static func selfTest(family: Int32) -> Bool {
            let lookup = cpunctual_listener_lookup_open()
            guard lookup >= 0 else { return false }
            defer { close(lookup) }
            guard let (listener, address) = loopbackListener(family: family) else { return false }
            let open = address.withUnsafeBytes { cpunctual_listener_lookup(lookup, $0.baseAddress, UInt32($0.count)) }
            close(listener)
            let closed = address.withUnsafeBytes { cpunctual_listener_lookup(lookup, $0.baseAddress, UInt32($0.count)) }
            return open == 1 && closed == 0
        }

        /// A socket listening on a port the kernel chose on `family`'s loopback, and its address.
        private static func loopbackListener(family: Int32) -> (Int32, [UInt8])? {
            let host = family == AF_INET ? "127.0.0.1" : "::1"
            guard var address = SocketAddresses.resolve(Endpoint(host: host, port: 0)).first,
                let fd = try? Sockets.open(family: family, type: Int32(SOCK_STREAM.rawValue))
            else { return nil }
            var length = socklen_t(address.count)
            let listening = address.withUnsafeMutableBytes { bytes in
                let pointer = bytes.baseAddress!.assumingMemoryBound(to: sockaddr.self)
                return bind(fd, pointer, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, pointer, &length) == 0
            }
            guard listening else {
                close(fd)
                return nil
            }
            return (fd, address)
        }
    }
#endif
