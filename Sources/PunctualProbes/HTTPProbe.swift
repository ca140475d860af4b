#if !os(Windows)
    import Glibc
    import PunctualCore
    import PunctualSystem

    /// Passes when `GET` answers 200 to 399, as the kubelet's httpGet probe does.
    package struct HTTPProbe: PolledProbe {
        package let target: HTTPTarget

        package init(target: HTTPTarget) { self.target = target }

        package func check(timeout: Duration) -> ProbeResult {
            let deadline = ContinuousClock.now + timeout
            let fd: Int32
            switch SocketConnector.connect(to: target.endpoint, timeout: timeout) {
            case .connected(let connected): fd = connected
            case .failed(let reason): return ProbeResult(passed: false, detail: reason)
            }
            defer { close(fd) }
            guard FileDescriptorIO.writeAll(fd, HTTPExchange.request(for: target)) else {
                return ProbeResult(passed: false, detail: "connection closed while sending")
            }
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 512)
            while !received.contains(UInt8(ascii: "\n")) && received.count < 4096 {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero, !Poller.waitReadable([fd], timeout: remaining).isEmpty else {
                    return ProbeResult(passed: false, detail: "no answer within \(timeout.humanReadable)")
                }
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                guard count > 0 else { break }
                received += buffer[0..<count]
            }
            return HTTPExchange.result(of: received)
        }
    }
#endif
