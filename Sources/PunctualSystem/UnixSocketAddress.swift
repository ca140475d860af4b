#if !os(Windows)
    import Glibc

    /// An AF_UNIX socket address: a path, or an abstract name (written with a leading `@`).
    package struct UnixSocketAddress: Sendable, Equatable {
        /// The bytes of `sun_path` that matter: for an abstract name a leading NUL, then the name.
        package let pathBytes: [UInt8]

        /// The longest name `sun_path` holds, without its terminating NUL.
        package static let longestName = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

        /// The address `name` gives: a path, or with a leading `@` an abstract name; nil if it is too long.
        package init?(_ name: String) {
            var bytes = Array(name.utf8)
            if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
            guard !bytes.isEmpty, bytes.count <= Self.longestName else { return nil }
            pathBytes = bytes
        }

        /// Calls `body` with the socket address and its exact length: the header plus the name, no padding
        /// (for an abstract name a longer length names a different socket).
        package func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { path in
                for (index, byte) in pathBytes.enumerated() { path[index] = byte }
            }
            let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count)
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
            }
        }
    }
#endif
