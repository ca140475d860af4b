import PunctualCore

/// Passes when `GET` answers 200 to 399, as the kubelet's httpGet probe does.
package struct HTTPProbe: PolledProbe {
    package let target: HTTPTarget

    package init(target: HTTPTarget) { self.target = target }

    package func check(timeout: Duration) -> ProbeResult {
        do throws(ProbeFailure) {
            let request = Array(HTTPExchange.request(for: target).utf8)
            let connection = try ProbeConnection(
                target.endpoint, timeout: timeout, tls: target.tls, sending: request)
            // The status line is all a probe reads.
            return HTTPExchange.result(
                of: try connection.receive(limit: 4096) { $0.contains(UInt8(ascii: "\n")) ? $0 : nil })
        } catch {
            return ProbeResult(passed: false, detail: error.reason)
        }
    }
}
