/// The managers punctual describes a service for.
package enum TargetManager: String, CaseIterable, Sendable {
    case systemd, kubernetes, docker, windows

    /// This system's own manager.
    package static var native: TargetManager {
        #if os(Windows)
            .windows
        #else
            .systemd
        #endif
    }
}

/// What a service's run settings ask of its manager's limits.
package struct ManagerLimits: Equatable, Sendable {
    /// Time between the manager's stop request and punctual's end, beyond stop timeout and shutdown
    /// delay: the tree's SIGKILL, the reaping and the last status.
    package static let stopMargin: Duration = .seconds(5)
    /// What Kubernetes gives a pod to stop when its spec does not say.
    package static let kubernetesDefaultGrace: Duration = .seconds(30)
    /// What `docker stop` waits before SIGKILL when not told.
    package static let dockerDefaultStopWait: Duration = .seconds(10)

    package let startupBudget: Duration
    package let stopTimeout: Duration
    package let shutdownDelay: Duration
    /// The longest punctual may spend after the workload ended telling others: a registry's lease
    /// revoked, the last `--on-state` run.
    package let afterEnd: Duration

    package init(startupBudget: Duration, stopTimeout: Duration, shutdownDelay: Duration, afterEnd: Duration = .zero) {
        self.startupBudget = startupBudget
        self.stopTimeout = stopTimeout
        self.shutdownDelay = shutdownDelay
        self.afterEnd = afterEnd
    }

    /// The longest a stop can take, in whole seconds: the manager must wait at least this long
    /// before its own SIGKILL (systemd's TimeoutStopSec, Kubernetes' terminationGracePeriodSeconds,
    /// Docker's stop timeout).
    package var stopWaitSeconds: Int64 {
        let total = stopTimeout + shutdownDelay + Self.stopMargin + afterEnd
        let seconds = total.components.seconds
        return total.components.attoseconds > 0 ? seconds + 1 : seconds
    }

    /// How ``stopWaitSeconds`` adds up: `stop-timeout 30s + shutdown-delay 5s + 5s`, and the time
    /// after the end when there is some.
    package var stopWaitSum: String {
        "stop-timeout \(stopTimeout.humanReadable) + shutdown-delay \(shutdownDelay.humanReadable) + "
            + Self.stopMargin.humanReadable
            + (afterEnd > .zero ? " + \(afterEnd.humanReadable) for the registry and the last --on-state run" : "")
    }

    /// The start budget in whole seconds, rounded up.
    package var startupBudgetSeconds: Int64 {
        let seconds = startupBudget.components.seconds
        return startupBudget.components.attoseconds > 0 ? seconds + 1 : seconds
    }
}
