import PunctualCore
import PunctualSCM
import Synchronization

/// The Windows Service Control Manager, through an ``SCMServiceConnection`` (the emulator's socket here,
/// the Win32 calls on Windows): reports become SERVICE_STATUS, controls become engine events.
package final class SCMConnection: ManagerConnection {
    private let connection: any SCMServiceConnection
    private let mapper: Mutex<SCMStatusMapper>
    private let onFailure: @Sendable (String) -> Void
    private let failed = Atomic(false)

    /// `onFailure` hears the first report that could not be delivered; it must not block.
    init(
        connection: any SCMServiceConnection, strategy: SCMStartStrategy,
        onFailure: @escaping @Sendable (String) -> Void
    ) {
        self.connection = connection
        self.mapper = Mutex(SCMStatusMapper(strategy: strategy))
        self.onFailure = onFailure
    }

    /// Connects the dispatcher at once and routes controls to `inbox`.
    static func connect(
        _ connection: any SCMServiceConnection, serviceName: String, strategy: SCMStartStrategy, inbox: ControlInbox,
        onFailure: @escaping @Sendable (String) -> Void
    ) throws -> SCMConnection {
        let scm = SCMConnection(connection: connection, strategy: strategy, onFailure: onFailure)
        try connection.connect(serviceName: serviceName) { [weak scm] control in
            if control == .interrogate {
                scm?.repeatStatus()
                return true
            }
            guard SCMStatusMapper.handles(control) else { return false }
            if let event = SCMStatusMapper.event(for: control) { inbox.deliver(event) }
            return true
        }
        return scm
    }

    package func send(_ report: StatusReport) {
        mapper.withLock { mapper in
            guard let status = mapper.status(for: report) else { return }
            deliver(status)
        }
    }

    package func pingWatchdog() {}

    /// The SCM has no watchdog: the stop that follows the failure is what it hears.
    package func triggerWatchdog() {}

    /// INTERROGATE: the last status, again.
    private func repeatStatus() {
        mapper.withLock { mapper in
            if let status = mapper.current { deliver(status) }
        }
    }

    private func deliver(_ status: ServiceStatus) {
        do {
            try connection.setStatus(status)
        } catch {
            if !failed.exchange(true, ordering: .relaxed) { onFailure("cannot report \(status) to the SCM: \(error)") }
        }
    }
}

/// Controls that arrive before the engine exists wait here; later ones go straight to it.
package final class ControlInbox: Sendable {
    package init() {}

    private let state = Mutex<(driver: EngineDriver?, waiting: [EngineEvent])>((nil, []))

    package func deliver(_ event: EngineEvent) {
        let driver: EngineDriver? = state.withLock { state in
            if state.driver == nil { state.waiting.append(event) }
            return state.driver
        }
        driver?.post(event)
    }

    package func attach(_ driver: EngineDriver) {
        let waiting = state.withLock { state in
            state.driver = driver
            defer { state.waiting = [] }
            return state.waiting
        }
        for event in waiting { driver.post(event) }
    }
}
