#if !os(Windows)
    import CPunctualLinux
    import Glibc
    import PunctualCore

    /// Waits for any of several descriptors to become readable, or for a timeout.
    package enum Poller {
        /// Returns the readable (or hung-up) descriptors among `fds`; empty on timeout. Negative entries are ignored.
        package static func waitReadable(_ fds: [Int32], timeout: Duration?) -> Set<Int32> {
            var descriptors = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let nanoseconds = timeout.map { max(0, $0.nanoseconds) } ?? -1
            let count = descriptors.withUnsafeMutableBufferPointer {
                cpunctual_poll($0.baseAddress, UInt($0.count), nanoseconds)
            }
            guard count > 0 else { return [] }
            return Set(descriptors.lazy.filter { $0.revents != 0 }.map(\.fd))
        }

        /// Sleeps for `duration`, or until `wake` fires; true when woken.
        @discardableResult
        package static func sleep(_ duration: Duration?, unless wake: WakeSignal) -> Bool {
            let woken = !waitReadable([wake.fd], timeout: duration).isEmpty
            if woken { wake.drain() }
            return woken
        }
    }
#endif
