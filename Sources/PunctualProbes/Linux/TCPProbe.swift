#if !os(Windows)
    import Glibc
    import PunctualCore
    import PunctualSystem

    /// Passes when a TCP connection to the endpoint succeeds.
    package struct TCPProbe: PolledProbe {
        package let endpoint: Endpoint

        package init(endpoint: Endpoint) { self.endpoint = endpoint }

        package func check(timeout: Duration) -> ProbeResult {
            switch SocketConnector.connect(to: endpoint, timeout: timeout) {
            case .connected(let fd):
                close(fd)
                return ProbeResult(passed: true, detail: "connected")
            case .failed(let reason):
                return ProbeResult(passed: false, detail: reason)
            }
        }
    }
#endif
