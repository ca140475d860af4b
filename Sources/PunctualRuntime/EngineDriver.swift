import PunctualCore
import Synchronization

/// What the engine stops: a child process (the wrapper) or a group of Swift services (the library).
package protocol Workload: Sendable {
    func send(_ signal: Signal, to target: SignalTarget)
    func killTree()
    /// Whether the main process can run at all; nil where that cannot be known.
    func condition() -> WorkloadCondition?
}

extension Workload {
    package func condition() -> WorkloadCondition? { nil }
}

/// Owns the engine and feeds it events from every thread.
///
/// Actions that talk to the manager or the child are performed at once, under the engine's lock,
/// so they go out in the order decided and are never held up by a log write; the rest go to the
/// control loop. The engine's facts are put into words here, on the way out.
package final class EngineDriver: Sendable {
    private let engine: Mutex<LifecycleEngine>
    private let manager: any ManagerConnection
    private let workload: (any Workload)?
    private let stopProbing: @Sendable () -> Void
    private let startLivenessChecks: @Sendable () -> Void
    private let deferAction: @Sendable (DeferredAction) -> Void
    private let words: LifecycleWords
    private let listeners: [any LifecycleListener]
    /// What the listeners were last told.
    private let lastView = Mutex<LifecycleView?>(nil)
    /// Where the engine's time comes from.
    package let clock: LifecycleClock
    /// Woken whenever the engine's next deadline moves.
    package let deadlineChanged: any Wakeup

    /// A driver that performs the manager's and the workload's actions itself and hands logging and
    /// the finish to `deferAction`.
    package init(
        engine: LifecycleEngine, manager: any ManagerConnection, workload: (any Workload)?,
        stopProbing: @escaping @Sendable () -> Void, startLivenessChecks: @escaping @Sendable () -> Void = {},
        deferAction: @escaping @Sendable (DeferredAction) -> Void, deadlineChanged: any Wakeup,
        listeners: [any LifecycleListener] = [], clock: LifecycleClock = .continuous
    ) {
        self.engine = Mutex(engine)
        self.manager = manager
        self.workload = workload
        self.stopProbing = stopProbing
        self.startLivenessChecks = startLivenessChecks
        self.deferAction = deferAction
        self.words = LifecycleWords(engine.configuration)
        self.deadlineChanged = deadlineChanged
        self.listeners = listeners
        self.clock = clock
    }

    package func post(_ event: EngineEvent) {
        engine.withLock { engine in
            let before = engine.nextDeadline
            for action in engine.handle(event, at: clock.now()) {
                switch action {
                case .report(let report): manager.send(words.report(report))
                case .watchdogPing: manager.pingWatchdog()
                case .watchdogTrigger: manager.triggerWatchdog()
                case .signal(let signal, let target): workload?.send(signal, to: target)
                case .killTree: workload?.killTree()
                case .stopProbing: stopProbing()
                case .startLivenessChecks: startLivenessChecks()
                case .log(let level, let fact):
                    deferAction(.log(level, words.line(fact)))
                    if case .ready(let after, _) = fact {
                        deferAction(.startEnded(after: after, failure: nil, quiet: watchedQuiet(engine)))
                    }
                case .finish(let code):
                    if engine.readyAt == nil, engine.failure != nil, let started = engine.startedAt {
                        deferAction(
                            .startEnded(after: clock.now() - started, failure: code, quiet: watchedQuiet(engine)))
                    }
                    deferAction(.finish(exitCode: code))
                }
            }
            if engine.nextDeadline != before { deadlineChanged.wake() }
            if !listeners.isEmpty { tellListeners(LifecycleView(engine)) }
        }
    }

    /// Tells the listeners of a change, once each.
    private func tellListeners(_ view: LifecycleView) {
        let changed = lastView.withLock { last in
            defer { last = view }
            return last != view
        }
        guard changed else { return }
        for listener in listeners { listener.lifecycleChanged(view) }
    }

    /// The start's longest time without progress, when progress was watched (`--progress-timeout`).
    private func watchedQuiet(_ engine: LifecycleEngine) -> Duration? {
        engine.configuration.progressTimeout == nil ? nil : engine.longestQuiet
    }

    /// Ticks the engine; when a watchdog ping is due, the workload is looked at first, so that a
    /// stopped process is never reported alive.
    package func tick() {
        if read({ $0.watchdogPingDue(at: clock.now()) }), let condition = workload?.condition() {
            post(.workloadSampled(condition, counts: false))
        }
        post(.tick)
    }

    /// The last moment the workload showed life, for a registry's lease: a ready workload is looked at
    /// first, so that a stopped process is never vouched for.
    package func evidenceOfLife() -> ContinuousClock.Instant? {
        if read({ $0.phase == .ready }), let condition = workload?.condition() {
            post(.workloadSampled(condition, counts: false))
        }
        let now = clock.now()
        return read { $0.lastEvidence(at: now) }
    }

    /// Reads the engine under its lock.
    package func read<Result: Sendable>(_ body: (borrowing LifecycleEngine) -> Result) -> Result {
        engine.withLock { body($0) }
    }
}
