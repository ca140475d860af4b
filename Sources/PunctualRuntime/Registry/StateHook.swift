#if !os(Windows)
    import Glibc
    import Logging
    import PunctualCore
    import PunctualSystem
    import Synchronization

    /// `--on-state exec:CMD`: runs `/bin/sh -c CMD` at each transition, one at a time and in order, on a
    /// thread of its own, with `PUNCTUAL_STATE`, `PUNCTUAL_PHASE`, `PUNCTUAL_INSTANCE` (and
    /// `PUNCTUAL_ADDRESS` when given) in its environment. A run that outlasts the timeout is killed with
    /// its process group; the lifecycle never waits for one. The end is told as `STOPPED`.
    package final class StateHook: LifecycleListener {
        package struct Settings: Sendable {
            package var command: String
            package var timeout: Duration
            package var instance: String
            package var address: String?
            /// The environment the command starts from.
            package var environment: [String]

            package init(command: String, timeout: Duration, instance: String, address: String?, environment: [String])
            {
                self.command = command
                self.timeout = timeout
                self.instance = instance
                self.address = address
                self.environment = environment
            }
        }

        /// The state a hook hears once the workload has ended.
        package static let stoppedState = "STOPPED"

        private let settings: Settings
        private let logger: Logger
        /// Transitions not yet run, the last one told, and whether the end has been told.
        private let queue = Mutex<(waiting: [(state: String, phase: String?)], last: String?, over: Bool)>(
            ([], nil, false))
        private let wake: WakeSignal
        private let idle: WakeSignal
        private let running = Mutex(false)

        package init(_ settings: Settings, logger: Logger) throws(SystemError) {
            self.settings = settings
            self.logger = logger
            self.wake = try WakeSignal()
            self.idle = try WakeSignal()
        }

        package func lifecycleChanged(_ view: LifecycleView) {
            let state = view.isOver ? Self.stoppedState : view.state?.rawValue
            guard let state else { return }
            let phase = view.isOver ? nil : view.phase
            let added = queue.withLock { queue in
                let told = "\(state)\u{0}\(phase ?? "")"
                guard !queue.over, queue.last != told else { return false }
                queue.last = told
                queue.over = view.isOver
                queue.waiting.append((state, phase))
                return true
            }
            if added { wake.wake() }
        }

        package func start() throws(SystemError) {
            try OSThread.start(name: "punctual-hook") { [self] in run() }
        }

        /// Waits until every transition told has run, at most `timeout`; true when they have.
        @discardableResult
        package func waitUntilIdle(timeout: Duration) -> Bool {
            let end = ContinuousClock.now + timeout
            while !isIdle {
                let left = end - .now
                guard left > .zero else { return false }
                idle.sleep(left)
            }
            return true
        }

        private var isIdle: Bool {
            running.withLock { running in queue.withLock { $0.waiting.isEmpty } && !running }
        }

        private func run() {
            while true {
                let next: (state: String, phase: String?)? = running.withLock { running in
                    let taken = queue.withLock { $0.waiting.isEmpty ? nil : $0.waiting.removeFirst() }
                    running = taken != nil
                    return taken
                }
                guard let next else {
                    idle.wake()
                    if queue.withLock({ $0.over }) { return }
                    wake.sleep(nil)
                    continue
                }
                runOnce(state: next.state, phase: next.phase)
                running.withLock { $0 = false }
            }
        }

        private func runOnce(state: String, phase: String?) {
            var environment = settings.environment.filter { !$0.hasPrefix("PUNCTUAL_") }
            environment += [
                "PUNCTUAL_STATE=\(state)", "PUNCTUAL_PHASE=\(phase ?? "")", "PUNCTUAL_INSTANCE=\(settings.instance)",
            ]
            if let address = settings.address { environment.append("PUNCTUAL_ADDRESS=\(address)") }
            var command = ProcessLauncher.Command(
                path: "/bin/sh", arguments: ["sh", "-c", settings.command], environment: environment)
            command.stdin = .null
            command.parentDeathSignal = Signal.kill.number
            let watch: ExitWatch
            do {
                watch = try ProcessLauncher.launch(command)
            } catch {
                logger.warning("on-state hook for \(state): cannot run /bin/sh: \(error.reason.lowercased())")
                return
            }
            guard let status = watch.wait(timeout: settings.timeout) else {
                kill(-watch.pid, SIGKILL)
                _ = watch.wait(timeout: .seconds(1))
                logger.warning(
                    "on-state hook for \(state): killed after \(settings.timeout.humanReadable) (--on-state-timeout)")
                return
            }
            switch ChildExit(waitStatus: status) {
            case .exited(0): logger.debug("on-state hook for \(state): exit 0")
            case .exited(let code): logger.warning("on-state hook for \(state): exit \(code)")
            case .signaled(let signal): logger.warning("on-state hook for \(state): killed by \(signal)")
            case .lost: logger.warning("on-state hook for \(state): lost")
            }
        }
    }
#endif
