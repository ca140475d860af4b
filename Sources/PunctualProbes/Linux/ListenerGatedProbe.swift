#if !os(Windows)
    import PunctualCore
    import PunctualSystem
    import Synchronization

    /// A probe that connects to a loopback port, asked only once the kernel says something listens
    /// there; until then it answers as its connection would, refused, for about 2 µs of CPU rather
    /// than a connection's 120. Once a second it connects regardless, for a port that NAT forwards
    /// elsewhere and that no socket of this host listens on.
    package final class ListenerGatedProbe: PolledProbe {
        /// How often the probe connects although nothing listens.
        package static let connectRegardless: Duration = .seconds(1)

        private let probe: any PolledProbe
        private let isListening: @Sendable () -> Bool?
        private let now: @Sendable () -> ContinuousClock.Instant
        private let lastConnection = Mutex<ContinuousClock.Instant?>(nil)

        /// `probe` gated on `endpoint`, or nil when the kernel cannot tell for it: a host name, an
        /// address that is not loopback, a kernel that does not answer.
        convenience init?(_ probe: any PolledProbe, endpoint: Endpoint) {
            guard SocketAddresses.isNumeric(endpoint.host), let address = SocketAddresses.resolve(endpoint).first,
                let lookup = ListenerLookup(address: address)
            else { return nil }
            self.init(probe, isListening: { lookup.isListening() })
        }

        /// `probe` gated on `isListening` (nil: cannot tell, so connect), on the clock `now`.
        package init(
            _ probe: any PolledProbe, isListening: @escaping @Sendable () -> Bool?,
            now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
        ) {
            self.probe = probe
            self.isListening = isListening
            self.now = now
        }

        package func check(timeout: Duration) -> ProbeResult {
            if isListening() == false {
                let now = now()
                let waitOn = lastConnection.withLock { last in
                    if let last, now - last < Self.connectRegardless { return true }
                    last = now
                    return false
                }
                if waitOn { return ProbeResult(passed: false, detail: "connection refused") }
            }
            return probe.check(timeout: timeout)
        }
    }
#endif
