/// What an admin should know before giving a service to a manager, from its run settings: one line
/// each, for the manager named.
package enum ManagerAdvice {
    /// The facts of a service that advice depends on.
    package struct Service: Sendable {
        package var limits: ManagerLimits
        package var hasReadinessProbe: Bool
        package var healthPort: Int?
        package var hasLivenessChecks: Bool
        /// How the service's recent starts went, when punctual has kept them.
        package var history: StartHistory?

        package init(
            limits: ManagerLimits, hasReadinessProbe: Bool, healthPort: Int?, hasLivenessChecks: Bool,
            history: StartHistory? = nil
        ) {
            self.limits = limits
            self.hasReadinessProbe = hasReadinessProbe
            self.healthPort = healthPort
            self.hasLivenessChecks = hasLivenessChecks
            self.history = history
        }
    }

    /// The advice for `manager`, most important first; empty when there is nothing to say.
    package static func advice(for service: Service, manager: TargetManager) -> [String] {
        var lines: [String] = []
        if !service.hasReadinessProbe {
            lines.append(
                "no ready probe: the program counts as ready once it is started, before it can answer; give one, e.g. ready = [\"tcp:127.0.0.1:8080\"]"
            )
        }
        if let history = service.history, let p99 = history.readyP99, let proposed = history.proposedBudget {
            let budget = service.limits.startupBudget
            let verdict =
                budget < p99
                ? "shorter than that, so starts like these fail"
                : budget > proposed * 4 ? "far longer, so a hung start is found late" : "enough"
            lines.append(
                "recorded starts: p99 \(p99.humanReadable) to ready; startup-budget = \"\(proposed.humanReadable)\" (p99 × 1.5) covers them; \(budget.humanReadable) now is \(verdict)"
            )
        }
        if let history = service.history, let quiet = history.quietP99, let proposed = history.proposedProgressTimeout {
            lines.append(
                "recorded starts: p99 \(quiet.humanReadable) without progress; progress-timeout = \"\(proposed.humanReadable)\" (p99 × 1.5) covers them and finds a hung start sooner than the budget"
            )
        }
        let stop = service.limits.stopWaitSeconds
        switch manager {
        case .systemd:
            lines.append(
                "systemd must wait \(stop)s for a stop (\(service.limits.stopWaitSum)): TimeoutStopSec=\(stop)s or more, with Type=notify, NotifyAccess=main and KillMode=mixed, as 'punctual install --manager systemd' writes"
            )
            if service.hasLivenessChecks {
                lines.append(
                    "live checks are given: with WatchdogSec= in the unit systemd also restarts a program that stops answering, as 'punctual install --manager systemd' writes"
                )
            }
        case .kubernetes:
            if Duration.seconds(stop) > ManagerLimits.kubernetesDefaultGrace {
                lines.append(
                    "terminationGracePeriodSeconds: \(stop) or more: a stop takes up to \(stop)s, and Kubernetes kills after 30s by default"
                )
            }
            if service.healthPort == nil {
                lines.append(
                    "no health-port: the kubelet's probes need /livez and /readyz; give one, e.g. health-port = 8081")
            }
            if service.limits.shutdownDelay == .zero {
                lines.append(
                    "shutdown-delay is 0: a pod's endpoints still route to it for a moment after its SIGTERM; give e.g. shutdown-delay = \"5s\""
                )
            }
        case .docker:
            if Duration.seconds(stop) > ManagerLimits.dockerDefaultStopWait {
                lines.append(
                    "docker stop kills after 10s unless told: give docker run --stop-timeout \(stop) (Compose: stop_grace_period: \(stop)s)"
                )
            }
            lines.append(
                "the HEALTHCHECK's --start-period should cover the start budget: --start-period=\(service.limits.startupBudgetSeconds)s"
            )
        case .windows:
            lines.append(
                "at a system shutdown Windows waits for a service only its preshutdown timeout (3 min by default on recent Windows): give punctual install --preshutdown-timeout \(stop)s or more when that is shorter"
            )
        }
        return lines
    }
}
