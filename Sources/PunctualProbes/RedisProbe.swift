#if !os(Windows)
    import PunctualCore
    import PunctualSystem

    /// Passes when Redis answers `PING` with `+PONG`; while it loads its dataset, says how far it has come.
    package struct RedisProbe: PolledProbe {
        package let target: RedisTarget

        package init(target: RedisTarget) { self.target = target }

        package func check(timeout: Duration) -> ProbeResult {
            let password: String?
            switch SecretReader.read(target.password) {
            case .success(let value): password = value
            case .failure(let failure): return ProbeResult(passed: false, detail: failure.reason, misconfigured: true)
            }
            let connection: ProbeConnection
            switch ProbeConnection.open(target.endpoint, timeout: timeout) {
            case .success(let opened): connection = opened
            case .failure(let failure): return ProbeResult(passed: false, detail: failure.reason)
            }
            guard connection.send(RedisExchange.greeting(user: target.user, password: password)) else {
                return ProbeResult(passed: false, detail: "connection closed while sending")
            }
            let replies: [RESPReply]
            let greeted = password == nil ? 1 : 2
            switch receiveReplies(greeted, on: connection) {
            case .answer(let answer): replies = answer
            case .failed(let reason): return ProbeResult(passed: false, detail: reason)
            }
            switch RedisExchange.verdict(replies, replicaOK: target.replicaOK) {
            case .ready:
                return ProbeResult(passed: true, detail: "PONG")
            case .notReady(let reason):
                return ProbeResult(passed: false, detail: reason)
            case .refusedLogin(let message):
                return ProbeResult(passed: false, detail: "login refused: \(message.prefix(120))", misconfigured: true)
            case .loading:
                // The connection reads on from its start: the answer to INFO comes after the greeting's.
                guard connection.send(RedisExchange.loadingQuestion),
                    case .answer(let all) = receiveReplies(greeted + 1, on: connection), let info = all.last
                else { return ProbeResult(passed: false, detail: "loading dataset") }
                return ProbeResult(passed: false, detail: RedisExchange.loadingProgress(info) ?? "loading dataset")
            }
        }

        /// Reads `count` whole replies.
        private func receiveReplies(_ count: Int, on connection: ProbeConnection)
            -> ProbeConnection.Received<[RESPReply]>
        {
            var malformed: String?
            let received: ProbeConnection.Received<[RESPReply]> = connection.receive(
                limit: RESPReply.largestBulk + 4096
            ) { bytes in
                var replies: [RESPReply] = []
                var rest = bytes[...]
                while replies.count < count {
                    switch RESPReply.parse(rest) {
                    case .reply(let reply, let length):
                        replies.append(reply)
                        rest = rest.dropFirst(length)
                    case .incomplete:
                        return nil
                    case .malformed(let reason):
                        malformed = reason
                        return []
                    }
                }
                return replies
            }
            if let malformed { return .failed("not a Redis answer: \(malformed)") }
            return received
        }
    }
#endif
