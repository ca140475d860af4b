import PunctualCore
import PunctualProbes
import PunctualSupervisor
import Synchronization

/// Reports output as progress, at most once per interval, so a chatty child does not flood the engine.
final class OutputProgress: Sendable {
    private let lastPost = Mutex<ContinuousClock.Instant?>(nil)
    private let interval: Duration
    private let post: @Sendable (EngineEvent) -> Void

    init(interval: Duration, post: @escaping @Sendable (EngineEvent) -> Void) {
        self.interval = interval
        self.post = post
    }

    func sawOutput() {
        let now = ContinuousClock.now
        let due = lastPost.withLock { last in
            guard last.map({ now - $0 >= interval }) ?? true else { return false }
            last = now
            return true
        }
        if due { post(.progress(.output)) }
    }
}

/// What watches the child's output during a run: `log:` probes and, with a progress timeout, output as progress.
enum OutputWatchers {
    /// What each chunk of output is shown to; nil when nothing watches it.
    static func observer(configuration: EngineConfiguration, post: @escaping @Sendable (EngineEvent) -> Void)
        -> (@Sendable (StandardStream, UnsafeRawBufferPointer) -> Void)?
    {
        let logProbes = configuration.probes.enumerated().compactMap { index, spec in
            if case .log(let pattern) = spec { (index, pattern) } else { nil }
        }
        let watcher =
            logProbes.isEmpty
            ? nil
            : LogLineWatcher(probes: logProbes) { index, line in
                post(
                    .readinessObserved(
                        configuration.probes[index], holds: true, detail: "matched \"\(line.prefix(80))\""))
            }
        let progress =
            configuration.progressTimeout == nil
            ? nil : OutputProgress(interval: .milliseconds(100), post: post)
        guard watcher != nil || progress != nil else { return nil }
        return { stream, bytes in
            progress?.sawOutput()
            watcher?.feed(bytes, isStandardError: stream == .stderr)
        }
    }
}
