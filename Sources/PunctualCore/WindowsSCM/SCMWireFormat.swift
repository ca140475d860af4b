/// The line protocol between a service and the emulated SCM over a local socket: the same calls the
/// Win32 API makes (StartServiceCtrlDispatcher, SetServiceStatus, the handler's answer), one line each.
package enum SCMWireMessage: Sendable, Equatable {
    /// service → SCM: the dispatcher connects (StartServiceCtrlDispatcherW).
    case connect(serviceName: String)
    /// service → SCM: SetServiceStatus.
    case status(ServiceStatus)
    /// SCM → service: a control for the handler.
    case control(ServiceControl)
    /// service → SCM: the handler returned; `handled` false is ERROR_CALL_NOT_IMPLEMENTED.
    case handled(ServiceControl, handled: Bool)

    /// The line, without its newline.
    package var line: String {
        switch self {
        case .connect(let name): "CONNECT \(name)"
        case .status(let s):
            "STATUS \(s.state.rawValue) \(s.controlsAccepted.rawValue) \(s.win32ExitCode) \(s.serviceSpecificExitCode) \(s.checkPoint) \(s.waitHintMilliseconds)"
        case .control(let control): "CONTROL \(control.rawValue)"
        case .handled(let control, let handled): "HANDLED \(control.rawValue) \(handled ? 1 : 0)"
        }
    }

    /// Reads one line; nil when it is not a message of this protocol.
    package init?(line: some StringProtocol) {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard let verb = words.first else { return nil }
        let numbers = words.dropFirst().compactMap { UInt32($0) }
        switch verb {
        case "CONNECT" where words.count >= 2:
            self = .connect(serviceName: words.dropFirst().joined(separator: " "))
        case "STATUS" where numbers.count == 6 && words.count == 7:
            guard let state = ServiceState(rawValue: numbers[0]) else { return nil }
            self = .status(
                ServiceStatus(
                    state: state, controlsAccepted: AcceptedControls(rawValue: numbers[1]), win32ExitCode: numbers[2],
                    serviceSpecificExitCode: numbers[3], checkPoint: numbers[4], waitHintMilliseconds: numbers[5]))
        case "CONTROL" where numbers.count == 1 && words.count == 2:
            guard let control = ServiceControl(rawValue: numbers[0]) else { return nil }
            self = .control(control)
        case "HANDLED" where numbers.count == 2 && words.count == 3:
            guard let control = ServiceControl(rawValue: numbers[0]) else { return nil }
            self = .handled(control, handled: numbers[1] != 0)
        default:
            return nil
        }
    }
}

/// The service side of the SCM: what a Windows service needs from its Service Control Manager.
///
/// The Win32 glue and the emulator's socket both implement it, so the mapping and the start
/// strategies proven against the emulator are the ones that run on Windows.
package protocol SCMServiceConnection: Sendable {
    /// Connects as StartServiceCtrlDispatcher does, and registers `handler` for controls. The handler
    /// is called on the connection's own thread and must return at once; it answers whether the control
    /// is handled (false: ERROR_CALL_NOT_IMPLEMENTED).
    func connect(serviceName: String, handler: @escaping @Sendable (ServiceControl) -> Bool) throws
    /// SetServiceStatus.
    func setStatus(_ status: ServiceStatus) throws
}

/// The environment variables through which the emulated SCM reaches a service it starts.
package enum SCMEmulatorEnvironment {
    /// The path of the emulator's socket.
    package static let socket = "PUNCTUAL_SCM_SOCKET"
    /// The service's name.
    package static let serviceName = "PUNCTUAL_SCM_SERVICE"
    /// The start strategy a punctual-wrapped service should use (`pending`, `running-no-controls`).
    package static let strategy = "PUNCTUAL_SCM_STRATEGY"
}
