#if !os(Windows)
    import Glibc
    import PunctualCore
    import PunctualSystem

    /// Sends sd_notify datagrams to the service manager, in pure Swift.
    ///
    /// Each ``send(_:)`` is one datagram; sending never blocks and is safe from any thread.
    package final class NotifySender: Sendable {
        package let address: NotifySocketAddress
        private let fd: Int32

        package init(address: NotifySocketAddress) throws(SystemError) {
            self.fd = try Sockets.unixDatagram()
            self.address = address
        }

        deinit { close(fd) }

        /// Sends one message as one datagram. When the manager's queue is full (it is busy), tries again
        /// for up to 250 ms rather than lose a READY=1 or STOPPING=1.
        package func send(_ message: NotifyMessage) throws(SystemError) {
            let bytes = message.datagram
            for attempt in 0..<Self.attemptsWhileFull {
                let sent = address.unix.withSocketAddress { address, length in
                    bytes.withUnsafeBytes { buffer in
                        sendto(
                            fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), address,
                            length)
                    }
                }
                if sent >= 0 { return }
                guard errno == EAGAIN, attempt + 1 < Self.attemptsWhileFull else { break }
                usleep(Self.pauseWhileFull)
            }
            throw SystemError("sendto \(address)")
        }

        private static let attemptsWhileFull = 26
        private static let pauseWhileFull: useconds_t = 10_000
    }
#endif
