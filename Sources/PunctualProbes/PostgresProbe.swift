#if !os(Windows)
    import PunctualCore

    /// Passes when PostgreSQL accepts logins; fails while it starts up or recovers (SQLSTATE 57P03).
    package struct PostgresProbe: PolledProbe {
        package let target: PostgresTarget

        package init(target: PostgresTarget) { self.target = target }

        package func check(timeout: Duration) -> ProbeResult {
            let opened =
                switch target.address {
                case .tcp(let endpoint): ProbeConnection.open(endpoint, timeout: timeout)
                case .socket: ProbeConnection.open(unixPath: target.socketPath ?? "", timeout: timeout)
                }
            let connection: ProbeConnection
            switch opened {
            case .success(let made): connection = made
            case .failure(let failure): return ProbeResult(passed: false, detail: failure.reason)
            }
            guard connection.send(PostgresExchange.startupMessage(user: target.user, database: target.database)) else {
                return ProbeResult(passed: false, detail: "connection closed while sending")
            }
            switch connection.receive(limit: 4 * PostgresExchange.longestMessage, { PostgresExchange.answer($0[...]) })
            {
            case .failed(let reason):
                return ProbeResult(passed: false, detail: reason)
            case .answer(.accepting(let detail)):
                if detail == PostgresExchange.loggedIn { _ = connection.send(PostgresExchange.terminate) }
                return ProbeResult(passed: true, detail: "accepting connections: \(detail)")
            case .answer(.notReady(let reason)):
                return ProbeResult(passed: false, detail: reason)
            case .answer(.notPostgres(let reason)):
                return ProbeResult(passed: false, detail: "not a PostgreSQL answer: \(reason)")
            }
        }
    }
#endif
