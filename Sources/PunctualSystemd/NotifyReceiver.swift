#if !os(Windows)
    import CPunctualLinux
    import Glibc
    import PunctualCore
    import PunctualSystem

    /// A notify socket of punctual's own: receives sd_notify datagrams with the sender's pid.
    ///
    /// Punctual gives one to its child (to hear its READY=1); tests use one as the service manager.
    package final class NotifyReceiver: Sendable {
        /// The value to put in the child's `$NOTIFY_SOCKET`.
        package let address: NotifySocketAddress
        /// Readable when a datagram is waiting.
        package let fd: Int32

        /// Binds a new datagram socket at `address` (a path or an `@abstract` name).
        package init(address: NotifySocketAddress) throws(SystemError) {
            let fd = try Sockets.unixDatagram()
            let bound = address.unix.withSocketAddress { bind(fd, $0, $1) }
            guard bound == 0 else {
                let error = SystemError("bind \(address)")
                close(fd)
                throw error
            }
            let enabled = cpunctual_enable_credentials(fd)
            guard enabled == 0 else {
                close(fd)
                throw SystemError("setsockopt SO_PASSCRED", code: -enabled)
            }
            self.fd = fd
            self.address = address
        }

        /// Binds a fresh abstract socket whose name no other process uses.
        package convenience init(uniqueAbstractNameFor owner: String) throws(SystemError) {
            let nonce = ContinuousClock.now.hashValue & 0xffff_ffff
            let name = "@\(owner)/\(getpid())/\(String(nonce, radix: 16))"
            do {
                try self.init(address: try NotifySocketAddress(name))
            } catch let error as SystemError {
                throw error
            } catch {
                throw SystemError("notify socket name", code: EINVAL)
            }
        }

        deinit {
            close(fd)
            if address.isPath { unlink(address.description) }
        }

        /// One datagram and who sent it, as the kernel vouches.
        package struct Datagram: Sendable {
            package let message: NotifyMessage
            /// The sender's pid; 0 when the kernel did not say.
            package let sender: Int32
            /// The sender's user id.
            package let uid: UInt32
        }

        /// The next waiting datagram; nil when none waits.
        package func receive() -> Datagram? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            var sender: pid_t = 0
            var uid: uid_t = 0
            let count = buffer.withUnsafeMutableBytes {
                cpunctual_receive_with_credentials(fd, $0.baseAddress, $0.count, &sender, &uid)
            }
            guard count >= 0 else { return nil }
            return Datagram(
                message: NotifyMessage(datagram: buffer.prefix(min(count, buffer.count))), sender: sender, uid: uid)
        }
    }
#endif
