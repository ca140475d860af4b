#if !os(Windows)
    import Glibc

    /// Opening, connecting and binding sockets: every socket punctual makes outside NIO is made here.
    /// Each descriptor is close-on-exec, so no child inherits one.
    package enum Sockets {
        /// A new close-on-exec socket of `family` and `type`.
        package static func open(family: Int32, type: Int32, nonBlocking: Bool = false) throws(SystemError) -> Int32 {
            let flags = Int32(SOCK_CLOEXEC.rawValue) | (nonBlocking ? Int32(SOCK_NONBLOCK.rawValue) : 0)
            let fd = socket(family, type | flags, 0)
            guard fd >= 0 else { throw SystemError("socket") }
            return fd
        }

        /// A new close-on-exec AF_UNIX datagram socket.
        package static func unixDatagram() throws(SystemError) -> Int32 {
            try open(family: AF_UNIX, type: Int32(SOCK_DGRAM.rawValue))
        }

        /// A stream socket connected to `address`, blocking.
        package static func connectUnixStream(to address: UnixSocketAddress, naming name: String) throws(SystemError)
            -> Int32
        {
            let fd = try open(family: AF_UNIX, type: Int32(SOCK_STREAM.rawValue))
            guard address.withSocketAddress({ connect(fd, $0, $1) }) == 0 else {
                let error = SystemError("connect \(name)")
                close(fd)
                throw error
            }
            return fd
        }

        /// A stream socket bound to `address` and listening.
        package static func listenUnixStream(at address: UnixSocketAddress, naming name: String, backlog: Int32 = 4)
            throws(SystemError) -> Int32
        {
            let fd = try open(family: AF_UNIX, type: Int32(SOCK_STREAM.rawValue))
            guard address.withSocketAddress({ bind(fd, $0, $1) }) == 0, listen(fd, backlog) == 0 else {
                let error = SystemError("listen on \(name)")
                close(fd)
                throw error
            }
            return fd
        }
    }
#endif
