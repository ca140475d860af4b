import PunctualCore
import PunctualProbes
import PunctualRuntime
import PunctualSystem
import Synchronization

/// The group's dependencies: probes (`postgres://…`, `redis://…`) asked on a thread of punctual's own,
/// quickly at first and then less often, until each passes or the start is over.
final class DependencyProbes: Sendable {
    let specs: [ProbeSpec]
    private let state = Mutex<(thread: PollingThread?, stopped: Bool)>((nil, false))

    init(_ specs: [ProbeSpec]) { self.specs = specs }

    /// Starts asking, each answer told to the engine through `post`; nothing to do without probes.
    func start(post: @escaping @Sendable (EngineEvent) -> Void) throws {
        guard !specs.isEmpty else { return }
        #if os(Windows)
            // Windows' exec probe inherits punctual's environment by itself.
            let environment: [String] = []
        #else
            let environment = currentEnvironment()
        #endif
        let jobs = StartWatchers.probeJobs(
            probes: specs, environment: environment, timeout: Defaults.probeTimeout, post: post)
        let thread = try PollingThread.onThisSystem(jobs: jobs)
        try state.withLock { state in
            guard !state.stopped else { return }
            try thread.start(name: "punctual-probe")
            state.thread = thread
        }
    }

    /// Stops asking: the start is over, one way or another.
    func stop() {
        state.withLock { state in
            state.stopped = true
            state.thread?.stop()
        }
    }
}
