import PunctualCore
import PunctualEmulator
import PunctualTestSupport
import Testing

/// Drives a ``KubernetesModel`` on a virtual clock; probes answer from a script of (time → passed).
struct KubeletHarness: VirtualClockHarness {
    var model: KubernetesModel
    let origin = ContinuousClock.now
    var now: ContinuousClock.Instant
    private(set) var actions: [(at: Double, action: KubernetesModel.Action)] = []
    /// Whether a probe of this kind passes at this many seconds.
    let answers: (KubernetesProbe.Kind, Double) -> Bool
    /// When the container dies on SIGTERM: true; false ignores it (SIGKILL always works).
    var diesOnTerm = true

    init(_ settings: KubernetesSettings, answers: @escaping (KubernetesProbe.Kind, Double) -> Bool = { _, _ in true }) {
        model = KubernetesModel(settings: settings)
        now = origin
        self.answers = answers
    }

    var seconds: Double { (now - origin).seconds }

    mutating func send(_ event: KubernetesModel.Event) {
        let produced = model.handle(event, at: now)
        actions += produced.map { (seconds, $0) }
        for action in produced {
            switch action {
            case .startContainer: send(.containerStarted)
            case .runProbe(let kind): send(.probeAnswered(kind, passed: answers(kind, seconds), detail: "scripted"))
            case .signal(.kill): send(.containerExited(.signaled(.kill)))
            case .signal(.terminate) where diesOnTerm: send(.containerExited(.signaled(.terminate)))
            case .signal: break
            }
        }
    }

    var nextDeadline: ContinuousClock.Instant? { model.nextDeadline }

    mutating func tick() { send(.tick) }

    func probeTimes(_ kind: KubernetesProbe.Kind) -> [Double] {
        actions.compactMap { $0.action == .runProbe(kind) ? $0.at : nil }
    }
}

@Suite("The emulated kubelet: probes, thresholds, grace, CrashLoopBackOff")
struct KubernetesModelTests {
    let tcp = ProbeSpec.tcp(Endpoint(host: "127.0.0.1", port: 8080))

    @Test("no probes: Ready once started")
    func noProbes() {
        var kubelet = KubeletHarness(KubernetesSettings())
        kubelet.send(.containerStarted)
        #expect(kubelet.model.readyAt == .zero)
        #expect(kubelet.model.conclusion.succeeded)
    }

    @Test("a startup probe that keeps failing: failureThreshold × period, then SIGTERM and CrashLoopBackOff")
    func startupFails() throws {
        let settings = KubernetesSettings(startupProbe: KubernetesProbe(check: tcp, period: .seconds(10)))
        var kubelet = KubeletHarness(settings) { _, _ in false }
        kubelet.send(.containerStarted)
        kubelet.advance(to: 60)
        #expect(kubelet.probeTimes(.startup) == [0, 10, 20])
        #expect(kubelet.actions.last.map { $0.at == 20 && $0.action == .signal(.terminate) } == true)
        let failure = try #require(kubelet.model.failure)
        #expect(failure.code == "CrashLoopBackOff")
        #expect(failure.headline.contains("failed startup probe"))
        #expect(kubelet.model.isFinished)
    }

    @Test("startup succeeds, then readiness runs (successThreshold 2) and liveness starts")
    func startupThenReadiness() {
        let settings = KubernetesSettings(
            startupProbe: KubernetesProbe(check: tcp, period: .seconds(5), failureThreshold: 10),
            readinessProbe: KubernetesProbe(check: tcp, period: .seconds(2), successThreshold: 2),
            livenessProbe: KubernetesProbe(check: tcp, initialDelay: .seconds(1)))
        var kubelet = KubeletHarness(settings) { kind, at in kind != .startup || at >= 12 }
        kubelet.send(.containerStarted)
        kubelet.advance(to: 30)
        #expect(kubelet.probeTimes(.startup) == [0, 5, 10, 15])
        #expect(kubelet.probeTimes(.readiness).prefix(2) == [15, 17])
        #expect(kubelet.model.readyAt == .seconds(17))
        #expect(kubelet.probeTimes(.liveness).first == 16)
    }

    @Test("liveness failing failureThreshold times restarts a Ready container")
    func livenessRestart() {
        let settings = KubernetesSettings(
            livenessProbe: KubernetesProbe(check: tcp, period: .seconds(10)), restartsToWatch: 1)
        var kubelet = KubeletHarness(settings) { _, at in at < 25 }
        kubelet.send(.containerStarted)
        kubelet.advance(to: 55)
        #expect(kubelet.model.readyAt == .zero)
        #expect(kubelet.model.timeline.contains { $0.text.contains("failed liveness probe") })
        #expect(kubelet.actions.contains { $0.at == 50 && $0.action == .signal(.terminate) })
    }

    @Test("a container that ignores SIGTERM is killed at the end of the grace period")
    func grace() {
        let settings = KubernetesSettings(gracePeriod: .seconds(30))
        var kubelet = KubeletHarness(settings)
        kubelet.diesOnTerm = false
        kubelet.send(.containerStarted)
        kubelet.advance(to: 5)
        kubelet.send(.deleteRequested)
        kubelet.advance(to: 40)
        #expect(kubelet.actions.map(\.action) == [.signal(.terminate), .signal(.kill)])
        #expect(kubelet.actions.last?.at == 35)
        #expect(kubelet.model.isFinished)
    }

    @Test("restarts back off 10 s, 20 s, 40 s ... and stop at 5 minutes")
    func backOff() {
        #expect(
            (1...8).map { KubernetesSettings.backOff(beforeRestart: $0).seconds } == [
                10, 20, 40, 80, 160, 300, 300, 300,
            ])
        var kubelet = KubeletHarness(KubernetesSettings(restartsToWatch: 4))
        kubelet.send(.containerStarted)
        for runFor in [0.0, 100, 100, 700] {
            kubelet.advance(to: kubelet.seconds + runFor)
            kubelet.send(.containerExited(.exited(1)))
            kubelet.advance(to: kubelet.seconds + 50)
        }
        let starts = kubelet.actions.filter { $0.action == .startContainer }.map(\.at)
        #expect(starts == [10, 170, 340, 1060], "a run of 10 minutes resets the back-off")
        #expect(kubelet.model.failure?.code == "CrashLoopBackOff")
    }

    @Test("readiness failing after Ready takes the pod out of the endpoints, without a restart")
    func readinessDrops() {
        let settings = KubernetesSettings(readinessProbe: KubernetesProbe(check: tcp, period: .seconds(1)))
        var kubelet = KubeletHarness(settings) { _, at in at < 5 }
        kubelet.send(.containerStarted)
        kubelet.advance(to: 10)
        #expect(kubelet.model.readyAt == .zero)
        #expect(
            kubelet.model.timeline.contains {
                $0.text.contains("Readiness probe failed: the pod is removed from the endpoints")
            })
        #expect(!kubelet.actions.contains { if case .signal = $0.action { true } else { false } })
    }

    @Test("a pod deleted while its container waits to restart is done at once")
    func deleteDuringBackOff() {
        var kubelet = KubeletHarness(KubernetesSettings(restartsToWatch: 3))
        kubelet.send(.containerStarted)
        kubelet.send(.containerExited(.exited(1)))
        kubelet.advance(to: 5)
        kubelet.send(.deleteRequested)
        #expect(kubelet.model.isFinished)
        #expect(!kubelet.actions.contains { $0.action == .signal(.terminate) })
    }

    @Test("a container that needs SIGKILL at the end of the grace period did not stop cleanly")
    func graceKillIsAFailure() {
        var kubelet = KubeletHarness(KubernetesSettings(gracePeriod: .seconds(2)))
        kubelet.diesOnTerm = false
        kubelet.send(.containerStarted)
        kubelet.send(.deleteRequested)
        kubelet.advance(to: 3)
        #expect(!kubelet.model.conclusion.succeeded)
        #expect(kubelet.model.conclusion.headline.contains("did not stop within terminationGracePeriodSeconds"))
    }
}
