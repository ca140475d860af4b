/// Translates the engine's reports into `SERVICE_STATUS` and the SCM's controls into engine events.
///
/// Platform-neutral: the same mapping drives the real Win32 connection and the emulated SCM.
package struct SCMStatusMapper: Sendable {
    package let strategy: SCMStartStrategy
    private var checkPoint: UInt32 = 0
    private var lastHint = UInt32(Defaults.waitHint.milliseconds)
    /// The last status reported, which INTERROGATE repeats.
    package private(set) var current: ServiceStatus?
    /// Whether STOPPED has been reported; nothing may be reported after it.
    package private(set) var isFinal = false

    /// What a running service accepts: STOP, and PRESHUTDOWN so that shutdown waits for it (it then
    /// gets no SHUTDOWN; SHUTDOWN is listed for systems without PRESHUTDOWN).
    package static let acceptedWhenReady: AcceptedControls = [.stop, .shutdown, .preshutdown]

    package init(strategy: SCMStartStrategy) { self.strategy = strategy }

    /// The status to report for `report`, or nil when there is nothing new to say.
    package mutating func status(for report: StatusReport) -> ServiceStatus? {
        guard !isFinal else { return nil }
        let hint = report.extendBy.map { UInt32(clamping: $0.milliseconds) } ?? lastHint
        let status: ServiceStatus?
        switch report.state {
        case .starting:
            switch strategy {
            case .pending:
                checkPoint += 1
                status = ServiceStatus(state: .startPending, checkPoint: checkPoint, waitHintMilliseconds: hint)
            case .runningNoControls:
                status = current == nil ? ServiceStatus(state: .running) : nil
            }
        case .ready:
            checkPoint = 0
            status = ServiceStatus(state: .running, controlsAccepted: Self.acceptedWhenReady)
        case .stopping:
            checkPoint += 1
            status = ServiceStatus(state: .stopPending, checkPoint: checkPoint, waitHintMilliseconds: hint)
        case .stopped(let exitCode):
            isFinal = true
            status =
                exitCode == 0
                ? ServiceStatus(state: .stopped)
                : ServiceStatus(
                    state: .stopped, win32ExitCode: ServiceStatus.serviceSpecificError,
                    serviceSpecificExitCode: UInt32(bitPattern: exitCode))
        }
        lastHint = hint
        if let status { current = status }
        return status
    }

    /// The engine event a control stands for; nil for controls that only need an answer (INTERROGATE).
    package static func event(for control: ServiceControl) -> EngineEvent? {
        switch control {
        case .stop, .shutdown, .preshutdown: .stopRequested(.terminate)
        case .interrogate, .pause, .continue, .paramChange: nil
        }
    }

    /// Whether the handler takes the control (NO_ERROR) or answers ERROR_CALL_NOT_IMPLEMENTED.
    package static func handles(_ control: ServiceControl) -> Bool {
        switch control {
        case .stop, .shutdown, .preshutdown, .interrogate: true
        case .pause, .continue, .paramChange: false
        }
    }
}
