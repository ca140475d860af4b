#if os(Windows)
    import CPunctualWindows
    import PunctualCore

    /// One probe's connection over TCP (with TLS through Schannel for `https://`, `rediss://`,
    /// `grpcs://`): requests out, answers in, all within one deadline, closed cleanly when released.
    /// Unix sockets are Linux's; punctual refuses them on Windows before a probe is made.
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
            var detail = [CChar](repeating: 0, count: 300)
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
            if let tls {
                // Only a registry presents a client certificate, and Windows has no registry yet.
                guard tls.clientCertificate == nil else {
                    throw ProbeFailure(reason: "a client certificate is not available on Windows yet")
                }
                let started = punctual_connection_start_tls(
                    connection, endpoint.host, Self.isAddress(endpoint.host) ? 1 : 0, tls.caFile, tls.verify ? 1 : 0,
                    tls.applicationProtocol, try millisecondsLeft(), &detail, detail.count)
                guard started != 0 else {
                    throw ProbeFailure(
                        reason: String(decoding: detail.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    )
                }
            }
            try send(request)
        }

        /// Whether `host` is an IPv4 or IPv6 address rather than a name (for the certificate's check).
        private static func isAddress(_ host: String) -> Bool {
            if host.contains(":") { return true }
            let parts = host.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
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
