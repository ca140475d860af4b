/// A service's state as the Windows Service Control Manager knows it (`dwCurrentState`).
package enum ServiceState: UInt32, Sendable, Equatable, CustomStringConvertible {
    case stopped = 1
    case startPending = 2
    case stopPending = 3
    case running = 4
    case continuePending = 5
    case pausePending = 6
    case paused = 7

    /// Whether the service is on its way to another state, so its checkpoint must keep moving.
    package var isPending: Bool {
        self == .startPending || self == .stopPending || self == .continuePending || self == .pausePending
    }

    package var description: String {
        switch self {
        case .stopped: "STOPPED"
        case .startPending: "START_PENDING"
        case .stopPending: "STOP_PENDING"
        case .running: "RUNNING"
        case .continuePending: "CONTINUE_PENDING"
        case .pausePending: "PAUSE_PENDING"
        case .paused: "PAUSED"
        }
    }
}

/// The controls a service says it accepts (`dwControlsAccepted`).
package struct AcceptedControls: OptionSet, Sendable, Hashable, CustomStringConvertible {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    package static let stop = AcceptedControls(rawValue: 0x1)
    package static let pauseContinue = AcceptedControls(rawValue: 0x2)
    package static let shutdown = AcceptedControls(rawValue: 0x4)
    package static let paramChange = AcceptedControls(rawValue: 0x8)
    package static let preshutdown = AcceptedControls(rawValue: 0x100)

    package var description: String {
        let names: [(AcceptedControls, String)] = [
            (.stop, "STOP"), (.pauseContinue, "PAUSE_CONTINUE"), (.shutdown, "SHUTDOWN"), (.paramChange, "PARAMCHANGE"),
            (.preshutdown, "PRESHUTDOWN"),
        ]
        let present = names.filter { contains($0.0) }.map(\.1)
        return present.isEmpty ? "none" : present.joined(separator: "|")
    }
}

/// What a service reports with `SetServiceStatus`.
package struct ServiceStatus: Sendable, Equatable, CustomStringConvertible {
    package var state: ServiceState
    package var controlsAccepted: AcceptedControls
    /// `dwWin32ExitCode`: 0, or 1066 (ERROR_SERVICE_SPECIFIC_ERROR) to point at ``serviceSpecificExitCode``.
    package var win32ExitCode: UInt32
    package var serviceSpecificExitCode: UInt32
    /// Must rise between reports while the state is pending; 0 otherwise.
    package var checkPoint: UInt32
    /// How long the SCM should wait for the next report while pending, in milliseconds.
    package var waitHintMilliseconds: UInt32

    package init(
        state: ServiceState, controlsAccepted: AcceptedControls = [], win32ExitCode: UInt32 = 0,
        serviceSpecificExitCode: UInt32 = 0, checkPoint: UInt32 = 0, waitHintMilliseconds: UInt32 = 0
    ) {
        self.state = state
        self.controlsAccepted = controlsAccepted
        self.win32ExitCode = win32ExitCode
        self.serviceSpecificExitCode = serviceSpecificExitCode
        self.checkPoint = checkPoint
        self.waitHintMilliseconds = waitHintMilliseconds
    }

    /// `ERROR_SERVICE_SPECIFIC_ERROR`: the real exit code is in `dwServiceSpecificExitCode`.
    package static let serviceSpecificError: UInt32 = 1066
    /// The wait hint the SCM shows for a service that has reported nothing yet: 2000 ms.
    package static let initialWaitHintMilliseconds: UInt32 = 2000

    package var waitHint: Duration { .milliseconds(Int64(waitHintMilliseconds)) }

    package var description: String {
        var text = "\(state) checkpoint=\(checkPoint) hint=\(waitHint.humanReadable) accepts=\(controlsAccepted)"
        if win32ExitCode != 0 { text += " exit=\(win32ExitCode)" }
        if serviceSpecificExitCode != 0 { text += " specific=\(serviceSpecificExitCode)" }
        return text
    }
}

/// A control the SCM sends to a service's handler.
package enum ServiceControl: UInt32, Sendable, Equatable, CustomStringConvertible {
    case stop = 1
    case pause = 2
    case `continue` = 3
    case interrogate = 4
    case shutdown = 5
    case paramChange = 6
    case preshutdown = 0x0F

    package var description: String {
        switch self {
        case .stop: "STOP"
        case .pause: "PAUSE"
        case .continue: "CONTINUE"
        case .interrogate: "INTERROGATE"
        case .shutdown: "SHUTDOWN"
        case .paramChange: "PARAMCHANGE"
        case .preshutdown: "PRESHUTDOWN"
        }
    }
}
