import PunctualCore

/// A model of the kubelet running one container: startup, readiness and liveness probes with their
/// periods and thresholds, SIGTERM then SIGKILL after the grace period, and the CrashLoopBackOff
/// delays. Pure: events in, actions out, time passed in; the probes themselves run outside.
package struct KubernetesModel: Sendable {
    package enum Event: Sendable, Equatable {
        case containerStarted
        case probeAnswered(KubernetesProbe.Kind, passed: Bool, detail: String)
        case containerExited(ChildExit)
        /// The pod is deleted (kubectl delete, a rollout).
        case deleteRequested
        case tick
    }

    package enum Action: Sendable, Equatable {
        case startContainer
        /// Run this probe once, within its timeout, and answer with ``Event/probeAnswered(_:passed:detail:)``.
        case runProbe(KubernetesProbe.Kind)
        case signal(Signal)
    }

    private struct ProbeState: Sendable {
        var nextAt: Duration?
        var inFlight = false
        var successes = 0
        var failures = 0
    }

    package let settings: KubernetesSettings
    package private(set) var timeline: [TimelineEntry] = []
    package private(set) var readyAt: Duration?
    package private(set) var restarts = 0
    package private(set) var isFinished = false
    package private(set) var failure: Verdict?

    private var origin: ContinuousClock.Instant?
    private var startedAt: Duration?
    private var startupDone = false
    private var ready = false
    private var probes: [KubernetesProbe.Kind: ProbeState] = [:]
    private var killAt: Duration?
    private var restartAt: Duration?
    private var restartReason: String?
    private var deleting = false
    private var deletedAt: Duration?
    private var containerRunning = false
    /// The grace period ran out and SIGKILL ended the container.
    private var killedAtGraceEnd = false

    package init(settings: KubernetesSettings) { self.settings = settings }

    package var nextDeadline: ContinuousClock.Instant? {
        guard let origin, !isFinished else { return nil }
        let probeTimes = probes.values.filter { !$0.inFlight }.compactMap(\.nextAt)
        return ([killAt, restartAt].compactMap { $0 } + probeTimes).min().map { origin + $0 }
    }

    package var conclusion: Verdict {
        if let failure { return failure }
        if killedAtGraceEnd, deleting {
            return Verdict(
                succeeded: false,
                headline:
                    "did not stop within terminationGracePeriodSeconds (\(settings.gracePeriod.humanReadable)): SIGKILL",
                code: "Killing",
                fix:
                    "stop on SIGTERM within the grace period; inside the container punctual run --stop-timeout keeps below it"
            )
        }
        if let readyAt {
            let stop = deletedAt.map { "; terminated \($0.humanReadable) after deletion began" } ?? ""
            return Verdict(
                succeeded: true, headline: "Ready at \(readyAt.humanReadable) with \(restarts) restarts\(stop)",
                code: "Ready")
        }
        return Verdict(succeeded: false, headline: "never became Ready", code: "NotReady")
    }

    package func probe(_ kind: KubernetesProbe.Kind) -> KubernetesProbe? {
        switch kind {
        case .startup: settings.startupProbe
        case .readiness: settings.readinessProbe
        case .liveness: settings.livenessProbe
        }
    }

    package mutating func handle(_ event: Event, at instant: ContinuousClock.Instant) -> [Action] {
        if origin == nil { origin = instant }
        let now = instant - (origin ?? instant)
        var actions = fireTimers(at: now)
        switch event {
        case .tick: break
        case .containerStarted: containerStarted(at: now)
        case .probeAnswered(let kind, let passed, let detail): actions += probeAnswered(kind, passed, detail, at: now)
        case .containerExited(let exit): actions += containerExited(exit, at: now)
        case .deleteRequested: actions += delete(at: now)
        }
        return actions
    }

    private mutating func containerStarted(at now: Duration) {
        startedAt = now
        containerRunning = true
        startupDone = settings.startupProbe == nil
        ready = false
        probes = [:]
        note(now, "kubelet", .note, "Started container \(settings.containerName)")
        if let startup = settings.startupProbe {
            probes[.startup] = ProbeState(nextAt: now + startup.initialDelay)
        } else {
            enableAfterStartup(at: now)
        }
    }

    private mutating func enableAfterStartup(at now: Duration) {
        startupDone = true
        if let readiness = settings.readinessProbe {
            probes[.readiness] = ProbeState(nextAt: now + readiness.initialDelay)
        } else {
            becomeReady(at: now)
        }
        if let liveness = settings.livenessProbe { probes[.liveness] = ProbeState(nextAt: now + liveness.initialDelay) }
    }

    private mutating func becomeReady(at now: Duration) {
        guard !ready else { return }
        ready = true
        if readyAt == nil { readyAt = now }
        note(now, "kubelet", .ready, "the pod is Ready: it joins the Service's endpoints")
    }

    // MARK: - Probes

    private mutating func fireTimers(at now: Duration) -> [Action] {
        guard !isFinished else { return [] }
        var actions: [Action] = []
        if let at = killAt, now >= at {
            killAt = nil
            note(now, "kubelet", .signal, "the grace period of \(settings.gracePeriod.humanReadable) is over: SIGKILL")
            killedAtGraceEnd = true
            actions.append(.signal(.kill))
        }
        if let at = restartAt, now >= at {
            restartAt = nil
            note(now, "kubelet", .note, "restarting the container (restart \(restarts))")
            actions.append(.startContainer)
        }
        for kind in KubernetesProbe.Kind.allCases {
            guard var state = probes[kind], !state.inFlight, let due = state.nextAt, now >= due else { continue }
            state.inFlight = true
            probes[kind] = state
            actions.append(.runProbe(kind))
        }
        return actions
    }

    private mutating func probeAnswered(
        _ kind: KubernetesProbe.Kind, _ passed: Bool, _ detail: String, at now: Duration
    )
        -> [Action]
    {
        guard var state = probes[kind], let probe = probe(kind), killAt == nil, !deleting else { return [] }
        state.inFlight = false
        let next = (state.nextAt ?? now) + probe.period
        state.nextAt = next > now ? next : now + probe.period
        if passed {
            state.successes += 1
            state.failures = 0
        } else {
            state.failures += 1
            state.successes = 0
            note(
                now, "kubelet", .probe,
                "\(kind.rawValue) probe failed: \(probe.check): \(detail) (\(state.failures) of \(probe.failureThreshold))"
            )
        }
        probes[kind] = state
        switch kind {
        case .startup:
            if passed {
                note(now, "kubelet", .probe, "Startup probe succeeded: \(probe.check) (\(detail))")
                probes[.startup] = nil
                enableAfterStartup(at: now)
            } else if state.failures >= probe.failureThreshold {
                return restart(
                    at: now,
                    reason: "failed startup probe: \(state.failures) failures, \(probe.period.humanReadable) apart")
            }
        case .readiness:
            if passed, state.successes >= probe.successThreshold {
                becomeReady(at: now)
            } else if !passed, state.failures >= probe.failureThreshold, ready {
                ready = false
                note(now, "kubelet", .error, "Readiness probe failed: the pod is removed from the endpoints")
            }
        case .liveness:
            if !passed, state.failures >= probe.failureThreshold {
                return restart(at: now, reason: "failed liveness probe: \(state.failures) failures")
            }
        }
        return []
    }

    // MARK: - Restarts, exits, deletion

    private mutating func restart(at now: Duration, reason: String) -> [Action] {
        note(now, "kubelet", .error, "Container \(settings.containerName) \(reason), will be restarted")
        restartReason = reason
        probes = [:]
        ready = false
        killAt = now + settings.gracePeriod
        note(
            now, "kubelet", .signal, "Killing: SIGTERM, SIGKILL in \(settings.gracePeriod.humanReadable)",
            deadline: killAt)
        return [.signal(.terminate)]
    }

    private mutating func containerExited(_ exit: ChildExit, at now: Duration) -> [Action] {
        guard containerRunning else { return [] }
        containerRunning = false
        killAt = nil
        probes = [:]
        ready = false
        let state = exit == .exited(0) ? "Completed" : "Error (\(exit))"
        note(now, "kubelet", .note, "the container terminated: \(state)")
        if deleting {
            isFinished = true
            return []
        }
        let ranFor = startedAt.map { now - $0 } ?? .zero
        if ranFor >= KubernetesSettings.backOffReset { restarts = 0 }
        restarts += 1
        let delay = KubernetesSettings.backOff(beforeRestart: restarts)
        let reason = restartReason ?? "exited (\(exit))"
        restartReason = nil
        note(
            now, "kubelet", .error,
            "Back-off restarting failed container \(settings.containerName): CrashLoopBackOff, next start in \(delay.humanReadable)"
        )
        if failure == nil {
            failure = Verdict(
                succeeded: false,
                headline:
                    "CrashLoopBackOff at \(now.humanReadable): the container \(reason); restarts back off 10s, 20s, 40s ... 5m",
                code: "CrashLoopBackOff", fix: fix(for: reason))
        }
        if restarts > settings.restartsToWatch {
            isFinished = true
            return []
        }
        restartAt = now + delay
        return []
    }

    private mutating func delete(at now: Duration) -> [Action] {
        guard startedAt != nil, !deleting else { return [] }
        deleting = true
        deletedAt = now
        ready = false
        probes = [:]
        restartAt = nil
        guard containerRunning else {
            note(now, "kubelet", .control, "the pod is deleted while its container waits to restart")
            isFinished = true
            return []
        }
        killAt = now + settings.gracePeriod
        note(
            now, "kubelet", .control, "the pod is deleted: removed from the endpoints, SIGTERM to PID 1",
            deadline: killAt)
        return [.signal(.terminate)]
    }

    private func fix(for reason: String) -> String {
        if reason.contains("startup") {
            return "give the start room: failureThreshold × periodSeconds must cover the slowest start;"
                + " inside the container, punctual run --ready … --startup-budget D fails a start that is really stuck"
        }
        if reason.contains("liveness") {
            return
                "a liveness probe must not fail while the service is busy but alive; probe liveness separately from readiness"
        }
        return "read the container's log (kubectl logs --previous) for why it exited"
    }

    private mutating func note(
        _ at: Duration, _ source: String, _ kind: TimelineEntry.Kind, _ text: String, deadline: Duration? = nil
    ) {
        timeline.append(TimelineEntry(at: at, source: source, kind: kind, text: text, deadline: deadline))
    }
}
