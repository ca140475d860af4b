#if !os(Windows)
    import Glibc
    import PunctualCore
    import PunctualSystem

    /// One probe's TCP connection: requests out, answers in, all within one deadline, closed when
    /// released.
    final class ProbeConnection {
        private let fd: Int32
        private let deadline: ContinuousClock.Instant
        private let timeout: Duration
        /// Everything received so far: a later ``receive(limit:_:)`` reads on from it.
        private var received: [UInt8] = []

        /// Connects to `endpoint` and sends `request`; throws the failure's words (`connection refused`,
        /// `timed out`) otherwise.
        convenience init(_ endpoint: Endpoint, timeout: Duration, sending request: [UInt8]) throws(ProbeFailure) {
            let deadline = ContinuousClock.now + timeout
            switch SocketConnector.connect(to: endpoint, timeout: timeout) {
            case .connected(let fd): self.init(fd: fd, deadline: deadline, timeout: timeout)
            case .failed(let reason): throw ProbeFailure(reason: reason)
            }
            try send(request)
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

        deinit { close(fd) }

        /// Sends every byte.
        func send(_ bytes: [UInt8]) throws(ProbeFailure) {
            guard bytes.withUnsafeBytes({ FileDescriptorIO.writeAll(fd, $0) }) else {
                throw ProbeFailure(reason: "connection closed while sending")
            }
        }

        /// Reads until `parse` finds a whole answer in all that has arrived on the connection (it returns
        /// nil to ask for more); throws when the peer closes first, `limit` bytes come, or the deadline passes.
        func receive<Answer>(limit: Int, _ parse: ([UInt8]) -> Answer?) throws(ProbeFailure) -> Answer {
            if !received.isEmpty, let answer = parse(received) { return answer }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while received.count < limit {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero, !Poller.waitReadable([fd], timeout: remaining).isEmpty else {
                    throw ProbeFailure(reason: "no answer within \(timeout.humanReadable)")
                }
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
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
    }

    /// Why a probe's connection could not be made.
    struct ProbeFailure: Error {
        let reason: String
    }
#endif
