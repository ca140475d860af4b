#if !os(Windows)
    import Glibc

    /// TCP ports on 127.0.0.1.
    package enum LoopbackPort {
        /// A port that nothing listens on now, chosen by the kernel.
        package static func unused() throws(SystemError) -> UInt16 {
            let (fd, port) = try bound()
            close(fd)
            return port
        }

        /// A socket bound to a port the kernel chose, not listening: connections to it are refused,
        /// and no one else can take the port while the socket is open.
        package static func bound() throws(SystemError) -> (fd: Int32, port: UInt16) {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw SystemError("socket") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
                }
            }
            guard bound else {
                close(fd)
                throw SystemError("bind 127.0.0.1:0")
            }
            return (fd, UInt16(bigEndian: address.sin_port))
        }
    }
#endif
