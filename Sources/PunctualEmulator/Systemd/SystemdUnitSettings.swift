import PunctualCore

/// A `Type=notify` unit as the emulated systemd runs it; the defaults are systemd's.
package struct SystemdUnitSettings: Sendable, Equatable {
    /// What `Restart=` says.
    package enum RestartPolicy: String, Sendable, Equatable, CaseIterable {
        case no
        case onFailure = "on-failure"
    }

    /// Which processes stop signals reach (`KillMode=`); SIGKILL always reaches every process of the unit.
    package enum KillMode: String, Sendable, Equatable, CaseIterable {
        /// Every process of the unit's cgroup (the default).
        case controlGroup = "control-group"
        /// The main process only; the rest get SIGKILL at the end.
        case mixed
    }

    /// Who may send notify messages (`NotifyAccess=`).
    package enum NotifyAccess: String, Sendable, Equatable, CaseIterable {
        case main
        case all
    }

    package var unitName: String
    /// `TimeoutStartSec` (90 s); nil is infinity.
    package var timeoutStart: Duration?
    /// `TimeoutStopSec` (90 s); nil is infinity.
    package var timeoutStop: Duration?
    /// `TimeoutAbortSec`, after the watchdog signal (as `TimeoutStopSec` unless set).
    package var timeoutAbort: Duration?
    /// `WatchdogSec`; nil is off.
    package var watchdog: Duration?
    package var restart: RestartPolicy
    /// `RestartSec` (100 ms).
    package var restartDelay: Duration
    /// `StartLimitBurst` starts within `StartLimitIntervalSec`: 5 in 10 s.
    package var startLimitBurst: Int
    package var startLimitInterval: Duration
    package var notifyAccess: NotifyAccess
    package var killMode: KillMode

    package init(
        unitName: String = "demo.service", timeoutStart: Duration? = .seconds(90),
        timeoutStop: Duration? = .seconds(90),
        timeoutAbort: Duration? = nil, watchdog: Duration? = nil, restart: RestartPolicy = .no,
        restartDelay: Duration = .milliseconds(100), startLimitBurst: Int = 5,
        startLimitInterval: Duration = .seconds(10),
        notifyAccess: NotifyAccess = .main, killMode: KillMode = .controlGroup
    ) {
        self.unitName = unitName
        self.timeoutStart = timeoutStart
        self.timeoutStop = timeoutStop
        self.timeoutAbort = timeoutAbort ?? timeoutStop
        self.watchdog = watchdog
        self.restart = restart
        self.restartDelay = restartDelay
        self.startLimitBurst = startLimitBurst
        self.startLimitInterval = startLimitInterval
        self.notifyAccess = notifyAccess
        self.killMode = killMode
    }
}

/// How a unit ended, in systemd's words (`Result=`).
package enum SystemdResult: String, Sendable, Equatable {
    case success
    case `protocol`
    case timeout
    case exitCode = "exit-code"
    case signal
    case watchdog
    case startLimitHit = "start-limit-hit"
}
