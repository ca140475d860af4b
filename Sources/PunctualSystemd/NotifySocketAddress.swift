#if !os(Windows)
    import Glibc
    import PunctualSystem

    /// The AF_UNIX address `$NOTIFY_SOCKET` names: a path, or with a leading `@` an abstract name.
    package struct NotifySocketAddress: Sendable, Equatable, CustomStringConvertible {
        /// Why `$NOTIFY_SOCKET` cannot be used.
        package struct Unsupported: Error, Equatable, Sendable {
            package let value: String
            package let reason: String
        }

        /// The bytes of `sun_path` that matter: for an abstract name a leading NUL, then the name.
        let pathBytes: [UInt8]
        package let description: String

        /// Reads the value of `$NOTIFY_SOCKET`.
        package init(_ value: String) throws(Unsupported) {
            if value.hasPrefix("vsock:") {
                throw Unsupported(value: value, reason: "vsock notify sockets are not supported")
            }
            guard value.hasPrefix("/") || value.hasPrefix("@") else {
                throw Unsupported(value: value, reason: "it is neither a path nor an @abstract name")
            }
            var bytes = Array(value.utf8)
            if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
            guard bytes.count < 108 else { throw Unsupported(value: value, reason: "it is longer than 107 bytes") }
            pathBytes = bytes
            description = value
        }

        /// A new close-on-exec AF_UNIX datagram socket.
        static func openDatagramSocket() throws(SystemError) -> Int32 {
            let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw SystemError("socket") }
            return fd
        }

        /// Calls `body` with the socket address and its exact length: the header plus the name, no padding
        /// (for an abstract name a longer length names a different socket).
        func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
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
