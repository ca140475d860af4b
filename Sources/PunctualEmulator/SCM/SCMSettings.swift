import PunctualCore

/// How the emulated Service Control Manager is configured; the defaults are Windows'.
package struct SCMSettings: Sendable, Equatable {
    package var serviceName: String
    /// `ServicesPipeTimeout`: how long the process has to call StartServiceCtrlDispatcher (30 s).
    package var pipeTimeout: Duration
    /// How long shutdown waits for a service that accepts PRESHUTDOWN (10 s; 180 s before Windows 10 1703).
    package var preshutdownTimeout: Duration
    /// How long a service that accepts SHUTDOWN gets at system shutdown (about 20 s).
    package var shutdownTimeout: Duration
    /// How long a control handler may take to return (30 s).
    package var handlerTimeout: Duration
    /// Without a status update for this long plus the last wait hint, the SCM gives up on a pending service (80 s).
    package var unresponsiveLimit: Duration
    /// Restart delays of the failure actions, in order (the last repeats); empty for none.
    package var restartDelays: [Duration]
    /// `fFailureActionsOnNonCrashFailures`: also run the failure actions on a STOPPED with a non-zero exit code.
    package var failureActionsOnNonCrashFailures: Bool

    package init(
        serviceName: String = "demo", pipeTimeout: Duration = .seconds(30), preshutdownTimeout: Duration = .seconds(10),
        shutdownTimeout: Duration = .seconds(20), handlerTimeout: Duration = .seconds(30),
        unresponsiveLimit: Duration = .seconds(80), restartDelays: [Duration] = [],
        failureActionsOnNonCrashFailures: Bool = false
    ) {
        self.serviceName = serviceName
        self.pipeTimeout = pipeTimeout
        self.preshutdownTimeout = preshutdownTimeout
        self.shutdownTimeout = shutdownTimeout
        self.handlerTimeout = handlerTimeout
        self.unresponsiveLimit = unresponsiveLimit
        self.restartDelays = restartDelays
        self.failureActionsOnNonCrashFailures = failureActionsOnNonCrashFailures
    }

    /// How often a control program (sc, net start, services.msc) looks: a tenth of the wait hint, 1 to 10 s.
    package static func pollInterval(forHint hint: Duration) -> Duration {
        min(.seconds(10), max(.seconds(1), hint.divided(by: 10)))
    }
}
