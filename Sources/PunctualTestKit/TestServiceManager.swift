import Logging
import Punctual
import PunctualCore
import PunctualRuntime
import Synchronization

/// A service manager for tests: runs a `PunctualServiceGroup` on a virtual clock and records what
/// the service tells its manager, so a test can check that it reports ready, extends its start while
/// a phase runs, and stops on time, without waiting in real time.
///
/// ```swift
/// let manager = TestServiceManager()
/// async let exitCode = manager.run(group)
/// await manager.advance(by: .seconds(30))
/// #expect(manager.readyAt != nil)
/// manager.requestStop()
/// await manager.advance(by: .seconds(5))
/// #expect(await exitCode == 0)
/// ```
public final class TestServiceManager: Sendable {
    private struct State {
        var messages: [ManagerMessage] = []
        var watchdogPings: [Duration] = []
        var watchdogTriggered = false
        var driver: EngineDriver?
        var control: ControlThread?
        var deferred: [DeferredAction] = []
    }

    private let clock = VirtualClock()
    private let watchdog: Duration?
    private let state = Mutex(State())

    /// A manager that gives the service a watchdog of `watchdog` (systemd's `WatchdogSec=`), or none.
    public init(watchdog: Duration? = nil) {
        self.watchdog = watchdog
    }

    /// Runs `group` under this manager and returns its exit code; time passes only through ``advance(by:)``.
    public func run(_ group: PunctualServiceGroup) async -> Int32 {
        await group.run { _, _ in self.edges() }
    }

    /// Moves virtual time on by `duration`, letting every heartbeat, budget, shutdown delay and
    /// liveness interval that falls due on the way happen in order.
    public func advance(by duration: Duration) async {
        await waitUntilRunning()
        let target = clock.elapsed + duration
        for _ in 0..<100_000 {
            await settle()
            let engineDeadline = state.withLock { $0.driver }?.read { $0.nextDeadline }.map { $0 - clock.origin }
            guard let next = [engineDeadline, clock.nextWake].compactMap({ $0 }).min(), next <= target else { break }
            clock.move(to: next)
            if let engineDeadline, engineDeadline <= clock.elapsed { state.withLock { $0.driver }?.tick() }
        }
        clock.move(to: target)
        await settle()
    }

    /// Asks the service to stop, as systemd's `SIGTERM` or the SCM's `STOP` would.
    public func requestStop() {
        state.withLock { $0.driver }?.post(.stopRequested(.terminate))
    }

    /// Everything the service reported, in order.
    public var messages: [ManagerMessage] { state.withLock { $0.messages } }
    /// When the service reported ready, if it has.
    public var readyAt: Duration? { messages.first { $0.state == .ready }?.at }
    /// When the service fed the watchdog (`WATCHDOG=1`).
    public var watchdogPings: [Duration] { state.withLock { $0.watchdogPings } }
    /// Whether the service told the watchdog it has failed (`WATCHDOG=trigger`).
    public var watchdogTriggered: Bool { state.withLock { $0.watchdogTriggered } }
    /// Virtual time since the manager was made.
    public var elapsed: Duration { clock.elapsed }

    private func edges() -> SystemEdges {
        SystemEdges(
            manager: Recorder(manager: self), watchdogInterval: watchdog,
            deferAction: { self.defer($0) }, makeWakeup: { NoWakeup() },
            startHeartbeat: { driver in self.state.withLock { $0.driver = driver } },
            startControl: { control in
                self.state.withLock { $0.control = control }
                self.performDeferred()
            },
            clock: LifecycleClock(now: { self.clock.now() }, sleep: { try await self.clock.sleep($0) }))
    }

    fileprivate func record(_ report: StatusReport) {
        let state: ManagerMessage.State =
            switch report.state {
            case .starting: .starting
            case .ready: .ready
            case .stopping: .stopping
            case .stopped(let code): .stopped(exitCode: code)
            }
        let message = ManagerMessage(
            at: clock.elapsed, state: state, status: report.text, extendedBy: report.extendBy)
        self.state.withLock { $0.messages.append(message) }
    }

    fileprivate func recordPing() { state.withLock { $0.watchdogPings.append(clock.elapsed) } }
    fileprivate func recordTrigger() { state.withLock { $0.watchdogTriggered = true } }

    private func `defer`(_ action: DeferredAction) {
        state.withLock { $0.deferred.append(action) }
        performDeferred()
    }

    /// The engine's log lines go to the group's logger; its finish ends `run`.
    private func performDeferred() {
        let (control, actions): (ControlThread?, [DeferredAction]) = state.withLock { state in
            guard let control = state.control else { return (nil, []) }
            defer { state.deferred = [] }
            return (control, state.deferred)
        }
        guard let control else { return }
        for action in actions {
            switch action {
            case .log(let level, let text): control.logger.log(level: Logger.Level(level), "\(text)")
            case .startEnded: break
            case .finish(let code): control.deliver(code)
            }
        }
    }

    /// Until the group has set up its engine: bounded, as a run that cannot start must not hang a test.
    private func waitUntilRunning() async {
        for _ in 0..<5_000 where state.withLock({ $0.control == nil }) {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Lets the tasks that the last step woke (phases, services, checks) run until they wait again.
    private func settle() async {
        for _ in 0..<3 {
            for _ in 0..<20 { await Task.yield() }
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}

/// The manager's side of the connection: what it hears, recorded with the virtual time.
private struct Recorder: ManagerConnection {
    let manager: TestServiceManager
    func send(_ report: StatusReport) { manager.record(report) }
    func pingWatchdog() { manager.recordPing() }
    func triggerWatchdog() { manager.recordTrigger() }
}

/// The engine's deadline changes need no wake-up: the test moves time itself.
private struct NoWakeup: Wakeup {
    func wake() {}
    func sleep(_ timeout: Duration?) -> Bool { false }
    func drain() {}
}
