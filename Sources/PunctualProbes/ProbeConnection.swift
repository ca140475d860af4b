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

        /// What came back, or why nothing whole did.
        enum Received<Answer> {
            case answer(Answer)
            case failed(String)
        }

        /// Connects to `endpoint`; the failure's words (`connection refused`, `timed out`) otherwise.
        static func open(_ endpoint: Endpoint, timeout: Duration) -> Result<ProbeConnection, ProbeFailure> {
            let deadline = ContinuousClock.now + timeout
            switch SocketConnector.connect(to: endpoint, timeout: timeout) {
            case .connected(let fd): return .success(ProbeConnection(fd: fd, deadline: deadline, timeout: timeout))
            case .failed(let reason): return .failure(ProbeFailure(reason: reason))
            }
        }

        /// Connects to the Unix stream socket at `path`.
        static func open(unixPath path: String, timeout: Duration) -> Result<ProbeConnection, ProbeFailure> {
            let deadline = ContinuousClock.now + timeout
            guard let address = UnixSocketAddress(path) else {
                return .failure(ProbeFailure(reason: "the socket path \(path) is too long"))
            }
            do {
                let fd = try Sockets.connectUnixStream(to: address, naming: path)
                return .success(ProbeConnection(fd: fd, deadline: deadline, timeout: timeout))
            } catch {
                switch error.code {
                case ENOENT: return .failure(ProbeFailure(reason: "no socket at \(path)"))
                case ECONNREFUSED: return .failure(ProbeFailure(reason: "connection refused"))
                default: return .failure(ProbeFailure(reason: error.reason.lowercased()))
                }
            }
        }

        private init(fd: Int32, deadline: ContinuousClock.Instant, timeout: Duration) {
            self.fd = fd
            self.deadline = deadline
            self.timeout = timeout
        }

        deinit { close(fd) }

        /// Sends every byte; false when the peer has gone.
        func send(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBytes { FileDescriptorIO.writeAll(fd, $0) }
        }

        /// Reads until `parse` finds a whole answer in all that has arrived on the connection (it returns
        /// nil to ask for more), the peer closes, `limit` bytes have come, or the deadline passes.
        func receive<Answer>(limit: Int, _ parse: ([UInt8]) -> Answer?) -> Received<Answer> {
            if !received.isEmpty, let answer = parse(received) { return .answer(answer) }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while received.count < limit {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero, !Poller.waitReadable([fd], timeout: remaining).isEmpty else {
                    return .failed("no answer within \(timeout.humanReadable)")
                }
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                guard count > 0 else {
                    return parse(received).map { .answer($0) }
                        ?? .failed(received.isEmpty ? "closed without an answer" : "closed in the middle of an answer")
                }
                received += buffer[0..<count]
                if let answer = parse(received) { return .answer(answer) }
            }
            return .failed("an answer longer than \(limit) bytes")
        }
    }

    /// Why a probe's connection could not be made.
    struct ProbeFailure: Error {
        let reason: String
    }
#endif
