import PunctualCore
import Synchronization

/// Something that must hold before the service is ready, said by the application itself: a server
/// that listens (Hummingbird's `onServerRunning`), a connection that is open.
public final class ReadinessCondition: Sendable {
    /// The name the status line and the health endpoints show.
    public let name: String
    private let state = Mutex<(satisfied: Bool, post: (@Sendable (EngineEvent) -> Void)?)>((false, nil))

    init(name: String) { self.name = name }

    /// Declares the condition met. Safe from any thread, any number of times.
    public func satisfy() {
        let post = state.withLock { state in
            state.satisfied = true
            return state.post
        }
        post?(satisfied)
    }

    /// Connects the condition to the engine once the group runs; a condition met earlier is passed on.
    func attach(post: @escaping @Sendable (EngineEvent) -> Void) {
        let wasSatisfied = state.withLock { state in
            state.post = post
            return state.satisfied
        }
        if wasSatisfied { post(satisfied) }
    }

    /// What the engine hears when the condition is met: the condition of this name holds.
    private var satisfied: EngineEvent { .readinessObserved(.condition(name), holds: true, detail: "satisfied") }
}
