import PunctualCore

/// Passes when the server's standard health check answers `SERVING` for the target's service.
package struct GRPCHealthProbe: PolledProbe {
    package let target: GRPCTarget

    package init(target: GRPCTarget) { self.target = target }

    package func check(timeout: Duration) -> ProbeResult {
        do throws(ProbeFailure) {
            let connection = try ProbeConnection(
                target.endpoint, timeout: timeout, tls: target.tls, sending: GRPCHealthExchange.request(for: target)
            )
            let limit = 64 * 1024
            // The server's SETTINGS first, to acknowledge; then the answer, unless it came with them.
            var read = try connection.receive(limit: limit) { bytes in
                let read = GRPCHealthExchange.read(bytes[...])
                return read.settingsReceived || read.verdict != nil ? read : nil
            }
            if read.verdict == nil {
                try connection.send(GRPCHealthExchange.settingsAcknowledgement)
                read = try connection.receive(limit: limit) { bytes in
                    let read = GRPCHealthExchange.read(bytes[...])
                    return read.verdict != nil ? read : nil
                }
            }
            switch read.verdict {
            case .serving?:
                try? connection.send(GRPCHealthExchange.goAway)
                return ProbeResult(passed: true, detail: "SERVING")
            case .notServing(let status)?:
                try? connection.send(GRPCHealthExchange.goAway)
                return ProbeResult(passed: false, detail: status)
            case .failed(let reason)?:
                return ProbeResult(passed: false, detail: reason)
            case nil:
                return ProbeResult(passed: false, detail: "no answer")
            }
        } catch {
            return ProbeResult(passed: false, detail: error.reason)
        }
    }
}
