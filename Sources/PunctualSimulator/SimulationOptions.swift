#if !os(Windows)
    /// How a simulation runs: when to ask for a stop, and how long it may take in all.
    package struct SimulationOptions: Sendable {
        /// Ask for a stop this long after the start; nil ends the simulation once the service is ready.
        package var stopAfter: Duration?
        /// For the SCM: stop by a system shutdown (PRESHUTDOWN or SHUTDOWN) instead of `sc stop`.
        package var stopByShutdown: Bool
        /// The simulation gives up after this long.
        package var limit: Duration

        package init(stopAfter: Duration? = nil, stopByShutdown: Bool = false, limit: Duration = .seconds(900)) {
            self.stopAfter = stopAfter
            self.stopByShutdown = stopByShutdown
            self.limit = limit
        }
    }
#endif
