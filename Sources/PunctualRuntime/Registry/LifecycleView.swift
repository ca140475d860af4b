import PunctualCore

/// The lifecycle as a registry or a hook tells it: its state, the phases under way, what the start
/// waits for, and whether it is over.
package struct LifecycleView: Equatable, Sendable {
    /// Nil before the start and once it is over.
    package var state: RegistryRecord.State?
    package var phase: String?
    package var progress: String?
    /// The workload has ended: what was registered goes.
    package var isOver: Bool

    package init(state: RegistryRecord.State?, phase: String? = nil, progress: String? = nil, isOver: Bool = false) {
        self.state = state
        self.phase = phase
        self.progress = progress
        self.isOver = isOver
    }

    package init(_ engine: borrowing LifecycleEngine) {
        self.init(
            state: engine.registryState, phase: engine.runningPhaseNames, progress: engine.pendingSummary,
            isOver: engine.phase.isFinished)
    }
}

/// Told of each change of the ``LifecycleView``, in order, under the engine's lock: it must return at
/// once and do its work elsewhere.
package protocol LifecycleListener: Sendable {
    func lifecycleChanged(_ view: LifecycleView)
}
