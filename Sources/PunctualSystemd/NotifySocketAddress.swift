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

        /// The socket the value names.
        package let unix: UnixSocketAddress
        package let description: String

        /// Reads the value of `$NOTIFY_SOCKET`.
        package init(_ value: String) throws(Unsupported) {
            if value.hasPrefix("vsock:") {
                throw Unsupported(value: value, reason: "vsock notify sockets are not supported")
            }
            guard value.hasPrefix("/") || value.hasPrefix("@") else {
                throw Unsupported(value: value, reason: "it is neither a path nor an @abstract name")
            }
            guard let unix = UnixSocketAddress(value) else {
                throw Unsupported(value: value, reason: "it is longer than \(UnixSocketAddress.longestName) bytes")
            }
            self.unix = unix
            description = value
        }

        /// Whether the socket has a name in the file system (to remove when done).
        var isPath: Bool { unix.pathBytes.first != 0 }
    }
#endif
