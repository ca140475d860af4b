/// What a health endpoint answers, in the Kubernetes conventions: `200 ok`, or with `?verbose` one
/// `[+]name ok` line per check; any failing check makes it `500` with the list, each failure shown as
/// `[-]name failed: reason withheld` (the reason belongs in the log, not in an unauthenticated answer).
public struct HealthResponse: Sendable, Equatable {
    /// The HTTP status: 200 or 500.
    public let status: Int
    /// The plain-text body.
    public let body: String

    /// An answer with this status and body.
    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }

    /// The answer of `endpoint` for `checks`, given the request's query string (`verbose`,
    /// `exclude=name`, repeatable).
    package init(_ endpoint: HealthEndpoint, checks: [HealthCheckResult], query: some StringProtocol) {
        var verbose = false
        var excluded: Set<String> = []
        for item in query.split(separator: "&") {
            let pair = item.split(separator: "=", maxSplits: 1)
            switch pair.first {
            case "verbose": verbose = pair.count == 1 || pair[1] != "false"
            case "exclude" where pair.count == 2: excluded.insert(pair[1].percentDecoded(plusIsSpace: true))
            default: break
            }
        }
        let shown = checks.filter { !excluded.contains($0.name) }
        let passed = shown.allSatisfy(\.passed)
        status = passed ? 200 : 500
        guard verbose || !passed else {
            body = "ok"
            return
        }
        var lines = shown.map { $0.passed ? "[+]\($0.name) ok" : "[-]\($0.name) failed: reason withheld" }
        lines += excluded.sorted().map { "[+]\($0) excluded: ok" }
        lines.append("\(endpoint.rawValue) check \(passed ? "passed" : "failed")")
        body = lines.joined(separator: "\n") + "\n"
    }
}
