import PunctualCore

/// The HTTP probe's request and its reading of the answer, the same on every system.
enum HTTPExchange {
    /// The GET a probe sends: the kubelet's, closing the connection after the answer.
    static func request(for target: HTTPTarget) -> String {
        "GET \(target.path) HTTP/1.1\r\nHost: \(target.hostHeader)\r\nUser-Agent: punctual-probe\r\n"
            + "Accept: */*\r\nConnection: close\r\n\r\n"
    }

    /// What the first bytes of the answer say: 200 to 399 passes.
    static func result(of received: [UInt8]) -> ProbeResult {
        guard let status = HTTPStatusLine(responsePrefix: received) else {
            return ProbeResult(
                passed: false, detail: received.isEmpty ? "closed without an answer" : "not an HTTP answer")
        }
        return ProbeResult(passed: status.isSuccess, detail: "HTTP \(status.code)")
    }
}
