#if !os(Windows)
    import Glibc
    import Synchronization

    /// Collects every child process of this one, so none stays a zombie (punctual may be PID 1),
    /// and hands each exit status to whoever registered for it.
    package final class Reaper: Sendable {
        /// The one reaper of this process: two would steal each other's statuses.
        package static let shared = Reaper()

        private struct State {
            var watches: [Int32: ExitWatch] = [:]
            var unclaimed: [(pid: Int32, status: Int32)] = []
            var started = false
        }

        private let state = Mutex(State())
        private let childAppeared: WakeSignal

        private init() {
            do {
                childAppeared = try WakeSignal()
            } catch {
                fatalError("cannot create the reaper's eventfd: \(error)")
            }
        }

        /// Tells the reaper a child exists and returns the watch that will receive its exit status.
        package func watch(_ pid: Int32) -> ExitWatch {
            let (watch, startThread): (ExitWatch, Bool) = state.withLock { state in
                let watch = ExitWatch(pid: pid)
                if let index = state.unclaimed.firstIndex(where: { $0.pid == pid }) {
                    watch.deliver(state.unclaimed.remove(at: index).status)
                } else {
                    state.watches[pid] = watch
                }
                defer { state.started = true }
                return (watch, !state.started)
            }
            if startThread {
                do {
                    try OSThread.start(name: "punctual-reap") { [self] in run() }
                } catch {
                    fatalError("cannot start the reaper thread: \(error)")
                }
            }
            childAppeared.wake()
            return watch
        }

        private func run() {
            while true {
                var status: Int32 = 0
                let pid = waitpid(-1, &status, 0)
                if pid > 0 {
                    deliver(pid: pid, status: status)
                } else if errno == ECHILD {
                    Poller.sleep(nil, unless: childAppeared)
                }
            }
        }

        private func deliver(pid: Int32, status: Int32) {
            let watch: ExitWatch? = state.withLock { state in
                if let watch = state.watches.removeValue(forKey: pid) { return watch }
                state.unclaimed.append((pid, status))
                if state.unclaimed.count > 64 { state.unclaimed.removeFirst() }
                return nil
            }
            watch?.deliver(status)
        }
    }

    /// Where one child's exit status arrives.
    package final class ExitWatch: Sendable {
        package let pid: Int32
        private let status = Mutex<Int32?>(nil)
        private let arrived: WakeSignal

        init(pid: Int32) {
            self.pid = pid
            do {
                arrived = try WakeSignal()
            } catch {
                fatalError("cannot create an eventfd: \(error)")
            }
        }

        fileprivate func deliver(_ value: Int32) {
            status.withLock { $0 = value }
            arrived.wake()
        }

        /// The wait status, waiting at most `timeout` (nil: forever); nil if the child has not ended by then.
        package func wait(timeout: Duration?) -> Int32? {
            let deadline = timeout.map { ContinuousClock.now + $0 }
            while true {
                if let value = status.withLock({ $0 }) { return value }
                let remaining = deadline.map { $0 - ContinuousClock.now }
                if let remaining, remaining <= .zero { return nil }
                Poller.sleep(remaining, unless: arrived)
            }
        }
    }
#endif
