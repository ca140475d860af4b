#if !os(Windows)
    import Glibc
    import PunctualCore

    /// The socket addresses of a host and port, as raw `sockaddr` bytes.
    package enum SocketAddresses {
        /// Whether `host` is an IPv4 or IPv6 address rather than a name.
        package static func isNumeric(_ host: String) -> Bool {
            var v4 = in_addr()
            var v6 = in6_addr()
            return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
        }

        /// The socket addresses of an endpoint: numeric hosts directly, names through the resolver.
        package static func resolve(_ endpoint: Endpoint) -> [[UInt8]] {
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
#endif
