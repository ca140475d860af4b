import Glibc
import PunctualCore
import PunctualSystem

/// Sends sd_notify datagrams to the service manager, in pure Swift.
///
/// Each ``send(_:)`` is one datagram; sending never blocks and is safe from any thread.
public final class NotifySender: Sendable {
    public let address: NotifySocketAddress
    private let fd: Int32

    public init(address: NotifySocketAddress) throws(SystemError) {
        self.fd = try NotifySocketAddress.openDatagramSocket()
        self.address = address
    }

    deinit { close(fd) }

    /// Sends one message as one datagram.
    public func send(_ message: NotifyMessage) throws(SystemError) {
        let bytes = message.datagram
        let sent = address.withSocketAddress { address, length in
            bytes.withUnsafeBytes { buffer in
                sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), address, length)
            }
        }
        guard sent >= 0 else { throw SystemError("sendto \(address)") }
    }
}
