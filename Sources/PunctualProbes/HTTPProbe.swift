#if !os(Windows)
    import PunctualCore
    import PunctualSystem

    /// Passes when `GET` answers 200 to 399, as the kubelet's httpGet probe does.
    package struct HTTPProbe: PolledProbe {
        package let target: HTTPTarget

        package init(target: HTTPTarget) { self.target = target }

        package func check(timeout: Duration) -> ProbeResult {
            let connection: ProbeConnection
            switch ProbeConnection.open(target.endpoint, timeout: timeout) {
            case .success(let opened): connection = opened
            case .failure(let failure): return ProbeResult(passed: false, detail: failure.reason)
            }
            guard connection.send(Array(HTTPExchange.request(for: target).utf8)) else {
                return ProbeResult(passed: false, detail: "connection closed while sending")
            }
            // The status line is all a probe reads.
            switch connection.receive(limit: 4096, { $0.contains(UInt8(ascii: "\n")) ? $0 : nil }) {
            case .answer(let received): return HTTPExchange.result(of: received)
            case .failed(let reason): return ProbeResult(passed: false, detail: reason)
            }
        }
    }
#endif
