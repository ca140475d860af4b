#if !os(Windows)
    import PunctualCore
    import PunctualSystem
    import Synchronization

    /// A readiness probe that connects to a loopback port, asked again only once the kernel says
    /// something listens there; until then its last failed answer stands, for about 2 µs of CPU
    /// rather than a refused connection's 120. Once a second it is asked regardless, for a port that
    /// NAT forwards elsewhere and that no socket of this host listens on; should it then pass while
    /// the kernel sees no listener, the kernel is not asked again.
    package final class ListenerGatedProbe: PolledProbe {
        /// How often the probe is asked although nothing listens.
        package static let askRegardless: Duration = .seconds(1)

        private struct Gate {
            /// The probe's last answer and when it was asked.
            var last: (result: ProbeResult, at: ContinuousClock.Instant)?
            /// False once the probe passed where the kernel saw no listener.
            var trusted = true
        }

        private let probe: any PolledProbe
        private let isListening: @Sendable () -> Bool?
        private let now: @Sendable () -> ContinuousClock.Instant
        private let gate = Mutex(Gate())

        /// `probe` gated on `endpoint`, or nil when the kernel cannot tell for it: a host name, an
        /// address that is not loopback, a kernel that does not answer.
        package convenience init?(_ probe: any PolledProbe, endpoint: Endpoint) {
            guard SocketAddresses.isNumeric(endpoint.host), let address = SocketAddresses.resolve(endpoint).first,
                let lookup = ListenerLookup(address: address)
            else { return nil }
            self.init(probe, isListening: { lookup.isListening() })
        }

        /// `probe` gated on `isListening` (nil: cannot tell, so ask the probe), on the clock `now`.
        package init(
            _ probe: any PolledProbe, isListening: @escaping @Sendable () -> Bool?,
            now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
        ) {
            self.probe = probe
            self.isListening = isListening
            self.now = now
        }

        package func check(timeout: Duration) -> ProbeResult {
            let now = now()
            let standing: ProbeResult? = gate.withLock { gate in
                guard gate.trusted, let last = gate.last, !last.result.passed, now - last.at < Self.askRegardless
                else { return nil }
                return last.result
            }
            let listening = isListening()
            if let standing, listening == false { return standing }
            let result = probe.check(timeout: timeout)
            gate.withLock { gate in
                gate.last = (result, now)
                if result.passed, listening == false { gate.trusted = false }
            }
            return result
        }
    }
#endif
