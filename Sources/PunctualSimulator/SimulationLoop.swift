#if !os(Windows)
    import PunctualEmulator
    import PunctualSystem

    /// The clock and the bookkeeping every simulation shares: when to stop, when to give up, and which
    /// timeline entries are new.
    struct SimulationLoop {
        let options: SimulationOptions
        let started = ContinuousClock.now
        private var stopSent = false
        private var printed = 0
        let onEntry: @Sendable (TimelineEntry) -> Void

        init(options: SimulationOptions, onEntry: @escaping @Sendable (TimelineEntry) -> Void) {
            self.options = options
            self.onEntry = onEntry
        }

        var elapsed: Duration { ContinuousClock.now - started }

        /// When the stop is due, if it has not been asked for yet.
        var stopAt: ContinuousClock.Instant? { stopSent ? nil : options.stopAfter.map { started + $0 } }

        var limitAt: ContinuousClock.Instant { started + options.limit }

        /// True once, when the stop is due.
        mutating func stopIsDue() -> Bool {
            guard let stopAt, ContinuousClock.now >= stopAt else { return false }
            stopSent = true
            return true
        }

        var isOverLimit: Bool { ContinuousClock.now >= limitAt }

        /// Waits for one of `fds` or for the earliest of `deadlines`; returns those readable.
        func wait(_ fds: [Int32], until deadlines: [ContinuousClock.Instant?]) -> Set<Int32> {
            let next = (deadlines + [stopAt, limitAt]).compactMap { $0 }.min()
            let timeout = next.map { max(.zero, $0 - ContinuousClock.now) }
            return Poller.waitReadable(fds, timeout: timeout)
        }

        /// The verdict of a model that had not decided when the simulation's limit came.
        func verdict(_ conclusion: Verdict, decided: Bool) -> Verdict {
            guard !decided, isOverLimit else { return conclusion }
            return Verdict(
                succeeded: false, headline: "undecided after \(options.limit.humanReadable), the simulation's limit",
                code: nil)
        }

        /// Hands over the entries added since the last call.
        mutating func emitNew(_ timeline: [TimelineEntry]) {
            for entry in timeline.dropFirst(printed) { onEntry(entry) }
            printed = timeline.count
        }
    }
#endif
