#if !os(Windows)
    import CPunctualLinux
    import Glibc
    import PunctualCore
    import PunctualSystem

    /// One probe's connection, over TCP (with TLS for `https://`) or a Unix socket: requests out, answers
    /// in, all within one deadline, closed when released.
    final class ProbeConnection {
        private let fd: Int32
        private let deadline: ContinuousClock.Instant
        private let timeout: Duration
        /// Everything received so far: a later ``receive(limit:_:)`` reads on from it.
        private var received: [UInt8] = []
        /// The TLS session over `fd`, for `https://`.
        private var tls: OpaquePointer?

        /// Connects to `endpoint` and sends `request`; throws the failure's words (`connection refused`,
        /// `timed out`) otherwise.
        /// With `tls`, the connection speaks TLS, the certificate checked as it says.
        convenience init(_ endpoint: Endpoint, timeout: Duration, tls: TLSSettings? = nil, sending request: [UInt8])
            throws(ProbeFailure)
        {
            let deadline = ContinuousClock.now + timeout
            switch SocketConnector.connect(to: endpoint, timeout: timeout) {
            case .connected(let fd): self.init(fd: fd, deadline: deadline, timeout: timeout)
            case .failed(let reason): throw ProbeFailure(reason: reason)
            }
            if let tls { try startTLS(tls, host: endpoint.host) }
            try send(request)
        }

        private func startTLS(_ settings: TLSSettings, host: String) throws(ProbeFailure) {
            try boundNextCall()
            var error = [CChar](repeating: 0, count: 300)
            let isAddress = SocketAddresses.isNumeric(host)
            guard
                let session = cpunctual_tls_connect(
                    fd, host, isAddress ? 1 : 0, settings.caFile, settings.verify ? 1 : 0, settings.applicationProtocol,
                    settings.clientCertificate?.certificate, settings.clientCertificate?.key, &error, error.count)
            else {
                throw ProbeFailure(
                    reason: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            tls = session
        }

        /// Bounds the next blocking TLS call by what is left of the deadline.
        private func boundNextCall() throws(ProbeFailure) {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw ProbeFailure(reason: "no answer within \(timeout.humanReadable)") }
            let microseconds = max(1000, remaining.microseconds)
            var limit = timeval(tv_sec: Int(microseconds / 1_000_000), tv_usec: Int(microseconds % 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        }

        /// Connects to the Unix stream socket at `path` and sends `request`.
        convenience init(unixPath path: String, timeout: Duration, sending request: [UInt8]) throws(ProbeFailure) {
            let deadline = ContinuousClock.now + timeout
            guard let address = UnixSocketAddress(path) else {
                throw ProbeFailure(reason: "the socket path \(path) is too long")
            }
            let fd: Int32
            do {
                fd = try Sockets.connectUnixStream(to: address, naming: path)
            } catch {
                switch error.code {
                case ENOENT: throw ProbeFailure(reason: "no socket at \(path)")
                case ECONNREFUSED: throw ProbeFailure(reason: "connection refused")
                default: throw ProbeFailure(reason: error.reason.lowercased())
                }
            }
            self.init(fd: fd, deadline: deadline, timeout: timeout)
            try send(request)
        }

        private init(fd: Int32, deadline: ContinuousClock.Instant, timeout: Duration) {
            self.fd = fd
            self.deadline = deadline
            self.timeout = timeout
        }

        deinit {
            if let tls { cpunctual_tls_close(tls) }
            close(fd)
        }

        /// Sends every byte.
        func send(_ bytes: [UInt8]) throws(ProbeFailure) {
            let sent: Bool
            if let tls {
                try boundNextCall()
                sent =
                    bytes.isEmpty
                    || bytes.withUnsafeBytes { cpunctual_tls_write(tls, $0.baseAddress, $0.count) } == bytes.count
            } else {
                sent = bytes.withUnsafeBytes { FileDescriptorIO.writeAll(fd, $0) }
            }
            guard sent else { throw ProbeFailure(reason: "connection closed while sending") }
        }

        /// Reads until `parse` finds a whole answer in all that has arrived on the connection (it returns
        /// nil to ask for more); throws when the peer closes first, `limit` bytes come, or the deadline passes.
        func receive<Answer>(limit: Int, _ parse: ([UInt8]) -> Answer?) throws(ProbeFailure) -> Answer {
            if !received.isEmpty, let answer = parse(received) { return answer }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while received.count < limit {
                let count = try readSome(into: &buffer)
                if count < 0 { continue }
                guard count > 0 else {
                    if let answer = parse(received) { return answer }
                    throw ProbeFailure(
                        reason: received.isEmpty ? "closed without an answer" : "closed in the middle of an answer")
                }
                received += buffer[0..<count]
                if let answer = parse(received) { return answer }
            }
            throw ProbeFailure(reason: "an answer longer than \(limit) bytes")
        }

        /// Reads what has come, waiting within the deadline: the count, 0 at the peer's close, or -1 to
        /// try again.
        private func readSome(into buffer: inout [UInt8]) throws(ProbeFailure) -> Int {
            if let tls {
                try boundNextCall()
                let count = buffer.withUnsafeMutableBytes { cpunctual_tls_read(tls, $0.baseAddress, $0.count) }
                if count <= 0 && ContinuousClock.now >= deadline {
                    throw ProbeFailure(reason: "no answer within \(timeout.humanReadable)")
                }
                return max(0, count)
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero, !Poller.waitReadable([fd], timeout: remaining).isEmpty else {
                throw ProbeFailure(reason: "no answer within \(timeout.humanReadable)")
            }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            return count < 0 && (errno == EINTR || errno == EAGAIN) ? -1 : count
        }
    }
#endif
