#if !os(Windows)
    import Glibc
    import PunctualCore

    /// Opens TCP connections with a deadline, to every address a host name has.
    package enum SocketConnector {
        package enum Outcome {
            case connected(Int32)
            case failed(String)
        }

        /// Connects to the first address of `endpoint` that accepts, within `timeout` in all.
        package static func connect(to endpoint: Endpoint, timeout: Duration) -> Outcome {
            let deadline = ContinuousClock.now + timeout
            var lastFailure = "no address"
            for address in SocketAddresses.resolve(endpoint) {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { return .failed("timed out") }
                switch attempt(address, timeout: remaining) {
                case .connected(let fd): return .connected(fd)
                case .failed(let reason): lastFailure = reason
                }
            }
            return .failed(lastFailure)
        }

        /// One blocking connect whose wait is bounded by SO_SNDTIMEO: on loopback a refusal costs no extra
        /// system call, elsewhere the timeout still holds.
        private static func attempt(_ address: [UInt8], timeout: Duration) -> Outcome {
            let family = address.withUnsafeBytes { $0.load(as: sa_family_t.self) }
            let fd: Int32
            do {
                fd = try Sockets.open(family: Int32(family), type: Int32(SOCK_STREAM.rawValue))
            } catch {
                return .failed(error.reason.lowercased())
            }
            let microseconds = max(1000, timeout.microseconds)
            var limit = timeval(tv_sec: Int(microseconds / 1_000_000), tv_usec: Int(microseconds % 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            let result = address.withUnsafeBytes { bytes in
                Glibc.connect(fd, bytes.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(bytes.count))
            }
            if result == 0 { return .connected(fd) }
            let code = errno
            close(fd)
            return .failed(reason(for: code))
        }

        /// The words for a connect error, made once per errno.
        private static func reason(for code: Int32) -> String {
            switch code {
            case ECONNREFUSED: "connection refused"
            case EINPROGRESS, EAGAIN, ETIMEDOUT: "timed out"
            default: SystemError("connect", code: code).reason.lowercased()
            }
        }
    }
#endif
