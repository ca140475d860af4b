import PunctualCore
import Synchronization

/// Something that must hold before the service is ready, said by the application itself: a server
/// that listens (Hummingbird's `onServerRunning`), a connection that is open.
public final class ReadinessCondition: Sendable {
    /// The name the status line and the health endpoints show.
    public let name: String
    private let state = Mutex<(satisfied: Bool, post: (@Sendable (EngineEvent) -> Void)?, index: Int)>((false, nil, 0))

    init(name: String) { self.name = name }

    /// Declares the condition met. Safe from any thread, any number of times.
    public func satisfy() {
        let post: (@Sendable (EngineEvent) -> Void)?
        let index: Int
        (post, index) = state.withLock { state in
            state.satisfied = true
            return (state.post, state.index)
        }
        post?(.probeObserved(index: index, passed: true, detail: "satisfied"))
    }

    /// Connects the condition to the engine once the group runs; a condition met earlier is passed on.
    func attach(index: Int, post: @escaping @Sendable (EngineEvent) -> Void) {
        let satisfied = state.withLock { state in
            state.post = post
            state.index = index
            return state.satisfied
        }
        if satisfied { post(.probeObserved(index: index, passed: true, detail: "satisfied")) }
    }
}
