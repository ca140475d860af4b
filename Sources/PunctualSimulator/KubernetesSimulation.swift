#if !os(Windows)
    import PunctualCore
    import PunctualEmulator
    import PunctualProbes
    import PunctualSystem
    import Synchronization

    /// Runs a real command as the one container of a pod under the emulated kubelet, in real time,
    /// probing it for real (tcp, http, exec).
    package struct KubernetesSimulation: Sendable {
        package let settings: KubernetesSettings
        package let command: [String]

        package init(settings: KubernetesSettings, command: [String]) {
            self.settings = settings
            self.command = command
        }

        package func run(
            _ options: SimulationOptions, onEntry: @escaping @Sendable (TimelineEntry) -> Void
        ) throws -> SimulationReport {
            var loop = SimulationLoop(options: options, onEntry: onEntry)
            var model = KubernetesModel(settings: settings)
            let answers = try ProbeAnswers()
            var process: ServiceProcess? = try ServiceProcess.start(command, extra: [])
            var container = 0
            var pending = model.handle(.containerStarted, at: .now)

            while true {
                for action in pending {
                    switch action {
                    case .startContainer:
                        if let previous = process {
                            previous.child.killTree()
                            previous.child.release(timeout: Defaults.killWait)
                        }
                        process = try ServiceProcess.start(command, extra: [])
                        container += 1
                        pending += model.handle(.containerStarted, at: .now)
                    case .runProbe(let kind):
                        if let probe = model.probe(kind) { try answers.run(kind, probe, container: container) }
                    case .signal(.kill): process?.child.killTree()
                    case .signal(let signal): process?.child.send(signal, to: .mainProcess)
                    }
                }
                pending = []
                loop.emitNew(model.timeline)
                if model.isFinished || loop.isOverLimit || (model.readyAt != nil && options.stopAfter == nil) { break }

                let readable = loop.wait([answers.wake.fd, process?.child.eventsFD ?? -1], until: [model.nextDeadline])
                if readable.contains(answers.wake.fd) {
                    for answer in answers.take(container: container) {
                        pending += model.handle(
                            .probeAnswered(answer.kind, passed: answer.passed, detail: answer.detail), at: .now)
                    }
                }
                if let ended = process, readable.contains(ended.child.eventsFD), let exit = ended.child.readExit() {
                    ended.child.release(timeout: Defaults.killWait)
                    process = nil
                    pending += model.handle(.containerExited(exit), at: .now)
                }
                if loop.stopIsDue() { pending += model.handle(.deleteRequested, at: .now) }
                pending += model.handle(.tick, at: .now)
            }
            process?.child.killTree()
            process?.child.release(timeout: Defaults.killWait)
            return SimulationReport(
                manager: "kubernetes", settings: settingsDescription, command: command, timeline: model.timeline,
                verdict: loop.verdict(
                    model.conclusion, decided: model.isFinished || model.failure != nil || model.readyAt != nil),
                duration: loop.elapsed)
        }
    }

    extension KubernetesSimulation {
        /// The pod's settings, in the words of its manifest.
        package var settingsDescription: [(name: String, value: String)] {
            var described: [(name: String, value: String)] = [
                ("terminationGracePeriodSeconds", settings.gracePeriod.humanReadable)
            ]
            let probes = [settings.startupProbe, settings.readinessProbe, settings.livenessProbe]
            for (kind, probe) in zip(KubernetesProbe.Kind.allCases, probes) {
                guard let probe else { continue }
                described.append(
                    (
                        "\(kind.rawValue.lowercased())Probe",
                        "\(probe.check) period=\(probe.period.humanReadable) failureThreshold=\(probe.failureThreshold)"
                    ))
            }
            if settings.restartsToWatch > 0 { described.append(("restarts watched", "\(settings.restartsToWatch)")) }
            return described
        }
    }

    /// Runs probes on threads of their own and hands their answers back to the loop.
    final class ProbeAnswers: Sendable {
        struct Answer: Sendable {
            /// Which container it was asked of: answers for a container that was replaced do not count.
            let container: Int
            let kind: KubernetesProbe.Kind
            let passed: Bool
            let detail: String
        }

        let wake: WakeSignal
        private let answers = Mutex<[Answer]>([])

        init() throws { wake = try WakeSignal() }

        func run(_ kind: KubernetesProbe.Kind, _ probe: KubernetesProbe, container: Int) throws {
            guard let check = makePolledProbe(probe.check, environment: currentEnvironment()) else { return }
            try OSThread.start(name: "punctual-kprobe") { [self] in
                let result = check.check(timeout: probe.timeout)
                answers.withLock {
                    $0.append(Answer(container: container, kind: kind, passed: result.passed, detail: result.detail))
                }
                wake.wake()
            }
        }

        /// The answers that arrived for `container`.
        func take(container: Int) -> [Answer] {
            wake.drain()
            return answers.withLock { answers in
                defer { answers = [] }
                return answers.filter { $0.container == container }
            }
        }
    }
#endif
