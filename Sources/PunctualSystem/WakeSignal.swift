#if !os(Windows)
    import CPunctualLinux
    import Glibc
    import PunctualCore

    /// A file descriptor one thread can poll and another can make readable: an eventfd.
    package final class WakeSignal: Wakeup {
        package let fd: Int32

        package init() throws(SystemError) {
            let fd = cpunctual_eventfd()
            guard fd >= 0 else { throw SystemError("eventfd", code: -fd) }
            self.fd = fd
        }

        deinit { close(fd) }

        /// Makes the descriptor readable until ``drain()``.
        package func wake() {
            var one: UInt64 = 1
            _ = write(fd, &one, 8)
        }

        /// Consumes pending wake-ups.
        package func drain() {
            var value: UInt64 = 0
            _ = read(fd, &value, 8)
        }

        @discardableResult
        package func sleep(_ timeout: Duration?) -> Bool { Poller.sleep(timeout, unless: self) }
    }
#endif
