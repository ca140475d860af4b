import PunctualCore

/// Passes when PostgreSQL accepts logins; fails while it starts up or recovers (SQLSTATE 57P03).
package struct PostgresProbe: PolledProbe {
    package let target: PostgresTarget

    package init(target: PostgresTarget) { self.target = target }

    package func check(timeout: Duration) -> ProbeResult {
        let startup = PostgresExchange.startupMessage(user: target.user, database: target.database)
        do throws(ProbeFailure) {
            let connection =
                switch target.address {
                case .tcp(let endpoint): try ProbeConnection(endpoint, timeout: timeout, sending: startup)
                case .socket:
                    try ProbeConnection(unixPath: target.socketPath ?? "", timeout: timeout, sending: startup)
                }
            switch try connection.receive(
                limit: 4 * PostgresExchange.longestMessage, { PostgresExchange.answer($0[...]) })
            {
            case .accepting(let detail):
                if detail == PostgresExchange.loggedIn { try? connection.send(PostgresExchange.terminate) }
                return ProbeResult(passed: true, detail: "accepting connections: \(detail)")
            case .notReady(let reason):
                return ProbeResult(passed: false, detail: reason)
            case .notPostgres(let reason):
                return ProbeResult(passed: false, detail: "not a PostgreSQL answer: \(reason)")
            }
        } catch {
            return ProbeResult(passed: false, detail: error.reason)
        }
    }
}
