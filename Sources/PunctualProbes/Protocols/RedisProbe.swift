import PunctualCore

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
        do throws(ProbeFailure) {
            let connection = try ProbeConnection(
                target.endpoint, timeout: timeout, tls: target.tls,
                sending: RedisExchange.greeting(user: target.user, password: password))
            let greeted = password == nil ? 1 : 2
            switch RedisExchange.verdict(try replies(greeted, on: connection), replicaOK: target.replicaOK) {
            case .ready:
                return ProbeResult(passed: true, detail: "PONG")
            case .notReady(let reason):
                return ProbeResult(passed: false, detail: reason)
            case .refusedLogin(let message):
                return ProbeResult(
                    passed: false, detail: "login refused: \(message.prefix(120))", misconfigured: true)
            case .loading:
                // The connection reads on from its start: the answer to INFO comes after the greeting's.
                try connection.send(RedisExchange.loadingQuestion)
                let info = try replies(greeted + 1, on: connection).last
                return ProbeResult(
                    passed: false, detail: info.flatMap(RedisExchange.loadingProgress) ?? "loading dataset")
            }
        } catch {
            return ProbeResult(passed: false, detail: error.reason)
        }
    }

    /// Reads `count` whole replies from the start of the connection.
    private func replies(_ count: Int, on connection: ProbeConnection) throws(ProbeFailure) -> [RESPReply] {
        let parsed = try connection.receive(limit: RESPReply.largestBulk + 4096) {
            bytes -> Result<[RESPReply], ProbeFailure>? in
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
                    return .failure(ProbeFailure(reason: "not a Redis answer: \(reason)"))
                }
            }
            return .success(replies)
        }
        return try parsed.get()
    }
}
