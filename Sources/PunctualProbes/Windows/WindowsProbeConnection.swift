#if os(Windows)
    import CPunctualWindows
    import PunctualCore

    /// One probe's connection over TCP: requests out, answers in, all within one deadline, closed
    /// cleanly when released. TLS and Unix sockets are Linux's for now; punctual refuses them on
    /// Windows before a probe is made.
    final class ProbeConnection {
        private let connection: OpaquePointer
        private let deadline: ContinuousClock.Instant
        private let timeout: Duration
        /// Everything received so far: a later ``receive(limit:_:)`` reads on from it.
        private var received: [UInt8] = []

        /// Connects to `endpoint` and sends `request`; throws the failure's words (`connection refused`,
        /// `connection timed out`) otherwise.
        init(_ endpoint: Endpoint, timeout: Duration, tls: TLSSettings? = nil, sending request: [UInt8])
            throws(ProbeFailure)
        {
            guard tls == nil else { throw ProbeFailure(reason: "TLS is not available on Windows yet") }
            var detail = [CChar](repeating: 0, count: 128)
            guard
                let opened = punctual_connection_open(
                    endpoint.host, endpoint.port, UInt32(clamping: timeout.milliseconds), &detail, detail.count)
            else {
                throw ProbeFailure(
                    reason: String(decoding: detail.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            connection = opened
            deadline = ContinuousClock.now + timeout
            self.timeout = timeout
            try send(request)
        }

        /// Unix sockets are not how Windows' servers listen.
        convenience init(unixPath path: String, timeout: Duration, sending request: [UInt8]) throws(ProbeFailure) {
            throw ProbeFailure(reason: "no Unix socket at \(path) on Windows; give host:port")
        }

        deinit {
            punctual_connection_close(connection)
        }

        /// What is left of the deadline, in milliseconds; throws once it has passed.
        private func millisecondsLeft() throws(ProbeFailure) -> UInt32 {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw ProbeFailure(reason: "no answer within \(timeout.humanReadable)") }
            return UInt32(clamping: max(1, remaining.milliseconds))
        }

        /// Sends every byte.
        func send(_ bytes: [UInt8]) throws(ProbeFailure) {
            let left = try millisecondsLeft()
            guard
                bytes.withUnsafeBufferPointer({ punctual_connection_send(connection, $0.baseAddress, $0.count, left) })
                    != 0
            else { throw ProbeFailure(reason: "connection closed while sending") }
        }

        /// Reads until `parse` finds a whole answer in all that has arrived on the connection (it returns
        /// nil to ask for more); throws when the peer closes first, `limit` bytes come, or the deadline passes.
        func receive<Answer>(limit: Int, _ parse: ([UInt8]) -> Answer?) throws(ProbeFailure) -> Answer {
            if !received.isEmpty, let answer = parse(received) { return answer }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while received.count < limit {
                let left = try millisecondsLeft()
                let count = buffer.withUnsafeMutableBufferPointer {
                    punctual_connection_receive(connection, $0.baseAddress, $0.count, left)
                }
                switch count {
                case -1: throw ProbeFailure(reason: "no answer within \(timeout.humanReadable)")
                case ..<0: continue
                case 0:
                    if let answer = parse(received) { return answer }
                    throw ProbeFailure(
                        reason: received.isEmpty ? "closed without an answer" : "closed in the middle of an answer")
                default:
                    received += buffer[0..<Int(count)]
                    if let answer = parse(received) { return answer }
                }
            }
            throw ProbeFailure(reason: "an answer longer than \(limit) bytes")
        }
    }
#endif
