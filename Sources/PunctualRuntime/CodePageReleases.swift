#if !os(Windows)
    import PunctualCore

    /// When punctual gives the pages of code it no longer runs back to the kernel, so that what it holds is
    /// little more than its stacks and heap: 1 s into a start (parsing the command line and spawning are
    /// over; the probes' loop faults its few pages back in) and 5 s after ready (the start's code is done).
    /// Not at once, so that a short run does not pay for faulting pages back in on its way out.
    struct CodePageReleases {
        /// One of the two releases.
        enum Release {
            case intoTheStart
            case afterReady
        }

        static let intoTheStart: Duration = .seconds(1)
        static let afterReady: Duration = .seconds(5)

        private let began: ContinuousClock.Instant
        private var made: Set<Release> = []

        init(began: ContinuousClock.Instant) { self.began = began }

        /// The next release due in `phase`, and when; nil when none is.
        func next(phase: LifecyclePhase, readyAt: ContinuousClock.Instant?) -> (at: ContinuousClock.Instant, Release)? {
            switch phase {
            case .starting where !made.contains(.intoTheStart): (began + Self.intoTheStart, .intoTheStart)
            case .ready where !made.contains(.afterReady): readyAt.map { ($0 + Self.afterReady, .afterReady) }
            default: nil
            }
        }

        /// Records that `release` was made.
        mutating func made(_ release: Release) { made.insert(release) }
    }
#endif
