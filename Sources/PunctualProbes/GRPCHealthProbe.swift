#if !os(Windows)
    import PunctualCore

    /// Passes when the server's standard health check answers `SERVING` for the target's service.
    package struct GRPCHealthProbe: PolledProbe {
        package let target: GRPCTarget

        package init(target: GRPCTarget) { self.target = target }

        package func check(timeout: Duration) -> ProbeResult {
            let connection: ProbeConnection
            switch ProbeConnection.open(target.endpoint, timeout: timeout) {
            case .success(let opened): connection = opened
            case .failure(let failure): return ProbeResult(passed: false, detail: failure.reason)
            }
            guard connection.send(GRPCHealthExchange.request(for: target)) else {
                return ProbeResult(passed: false, detail: "connection closed while sending")
            }
            let limit = 64 * 1024
            // The server's SETTINGS first, to acknowledge; then the answer, unless it came with them.
            var answer = connection.receive(limit: limit) { bytes -> GRPCHealthExchange.Verdict?? in
                let read = GRPCHealthExchange.read(bytes[...])
                return read.verdict.map { .some($0) } ?? (read.settingsReceived ? .some(nil) : nil)
            }
            if case .answer(nil) = answer {
                _ = connection.send(GRPCHealthExchange.settingsAcknowledgement)
                answer = connection.receive(limit: limit) { bytes in
                    GRPCHealthExchange.read(bytes[...]).verdict.map { .some($0) }
                }
            }
            switch answer {
            case .failed(let reason):
                return ProbeResult(passed: false, detail: reason)
            case .answer(nil):
                return ProbeResult(passed: false, detail: "no answer")
            case .answer(.serving?):
                _ = connection.send(GRPCHealthExchange.goAway)
                return ProbeResult(passed: true, detail: "SERVING")
            case .answer(.notServing(let status)?):
                _ = connection.send(GRPCHealthExchange.goAway)
                return ProbeResult(passed: false, detail: status)
            case .answer(.failed(let reason)?):
                return ProbeResult(passed: false, detail: reason)
            }
        }
    }
#endif
