import PunctualCore

/// One probe of a container, with the kubelet's defaults.
package struct KubernetesProbe: Sendable, Equatable {
    /// Which of the three probes.
    package enum Kind: String, Sendable, Equatable, CaseIterable {
        case startup = "Startup"
        case readiness = "Readiness"
        case liveness = "Liveness"
    }

    /// What to check: `tcp:`, `http://` or `exec:`, as for `punctual run --ready`.
    package var check: ProbeSpec
    package var initialDelay: Duration
    package var period: Duration
    package var timeout: Duration
    package var successThreshold: Int
    package var failureThreshold: Int

    package init(
        check: ProbeSpec, initialDelay: Duration = .zero, period: Duration = .seconds(10),
        timeout: Duration = .seconds(1),
        successThreshold: Int = 1, failureThreshold: Int = 3
    ) {
        self.check = check
        self.initialDelay = initialDelay
        self.period = period
        self.timeout = timeout
        self.successThreshold = successThreshold
        self.failureThreshold = failureThreshold
    }
}

/// A pod with one container, as the emulated kubelet runs it (`restartPolicy: Always`).
package struct KubernetesSettings: Sendable, Equatable {
    package var containerName: String
    package var startupProbe: KubernetesProbe?
    package var readinessProbe: KubernetesProbe?
    package var livenessProbe: KubernetesProbe?
    /// `terminationGracePeriodSeconds` (30 s): SIGTERM, then SIGKILL at its end.
    package var gracePeriod: Duration
    /// How many restarts to go through before the verdict; the back-off doubles 10 s, 20 s, 40 s, up to 5 min.
    package var restartsToWatch: Int

    package init(
        containerName: String = "demo", startupProbe: KubernetesProbe? = nil, readinessProbe: KubernetesProbe? = nil,
        livenessProbe: KubernetesProbe? = nil, gracePeriod: Duration = .seconds(30), restartsToWatch: Int = 0
    ) {
        self.containerName = containerName
        self.startupProbe = startupProbe
        self.readinessProbe = readinessProbe
        self.livenessProbe = livenessProbe
        self.gracePeriod = gracePeriod
        self.restartsToWatch = restartsToWatch
    }

    /// The wait before restart number `restart` (1-based): 10 s doubling, capped at 5 minutes.
    package static func backOff(beforeRestart restart: Int) -> Duration {
        let seconds = 10 * (1 << Int64(min(max(restart - 1, 0), 5)))
        return .seconds(min(seconds, 300))
    }

    /// A container that ran this long has its back-off reset.
    package static let backOffReset: Duration = .seconds(600)
}
