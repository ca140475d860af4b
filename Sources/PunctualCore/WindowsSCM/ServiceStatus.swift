/// A service's state as the Windows Service Control Manager knows it (`dwCurrentState`).
public enum ServiceState: UInt32, Sendable, Equatable, CustomStringConvertible {
    case stopped = 1
    case startPending = 2
    case stopPending = 3
    case running = 4
    case continuePending = 5
    case pausePending = 6
    case paused = 7

    /// Whether the service is on its way to another state, so its checkpoint must keep moving.
    public var isPending: Bool {
        self == .startPending || self == .stopPending || self == .continuePending || self == .pausePending
    }

    public var description: String {
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
public struct AcceptedControls: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let stop = AcceptedControls(rawValue: 0x1)
    public static let pauseContinue = AcceptedControls(rawValue: 0x2)
    public static let shutdown = AcceptedControls(rawValue: 0x4)
    public static let paramChange = AcceptedControls(rawValue: 0x8)
    public static let preshutdown = AcceptedControls(rawValue: 0x100)

    public var description: String {
        let names: [(AcceptedControls, String)] = [
            (.stop, "STOP"), (.pauseContinue, "PAUSE_CONTINUE"), (.shutdown, "SHUTDOWN"), (.paramChange, "PARAMCHANGE"),
            (.preshutdown, "PRESHUTDOWN"),
        ]
        let present = names.filter { contains($0.0) }.map(\.1)
        return present.isEmpty ? "none" : present.joined(separator: "|")
    }
}

/// What a service reports with `SetServiceStatus`.
public struct ServiceStatus: Sendable, Equatable, CustomStringConvertible {
    public var state: ServiceState
    public var controlsAccepted: AcceptedControls
    /// `dwWin32ExitCode`: 0, or 1066 (ERROR_SERVICE_SPECIFIC_ERROR) to point at ``serviceSpecificExitCode``.
    public var win32ExitCode: UInt32
    public var serviceSpecificExitCode: UInt32
    /// Must rise between reports while the state is pending; 0 otherwise.
    public var checkPoint: UInt32
    /// How long the SCM should wait for the next report while pending, in milliseconds.
    public var waitHintMilliseconds: UInt32

    public init(
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
    public static let serviceSpecificError: UInt32 = 1066

    public var waitHint: Duration { .milliseconds(Int64(waitHintMilliseconds)) }

    public var description: String {
        var text = "\(state) checkpoint=\(checkPoint) hint=\(waitHint.humanReadable) accepts=\(controlsAccepted)"
        if win32ExitCode != 0 { text += " exit=\(win32ExitCode)" }
        if serviceSpecificExitCode != 0 { text += " specific=\(serviceSpecificExitCode)" }
        return text
    }
}

/// A control the SCM sends to a service's handler.
public enum ServiceControl: UInt32, Sendable, Equatable, CustomStringConvertible {
    case stop = 1
    case pause = 2
    case `continue` = 3
    case interrogate = 4
    case shutdown = 5
    case paramChange = 6
    case preshutdown = 0x0F

    public var description: String {
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
