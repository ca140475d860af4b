#if !os(Windows)
    import Glibc
    import PunctualCore

    /// Passes when a TCP connection to the endpoint succeeds.
    public struct TCPProbe: PolledProbe {
        public let endpoint: Endpoint

        public init(endpoint: Endpoint) { self.endpoint = endpoint }

        public func check(timeout: Duration) -> ProbeResult {
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
