#if !os(Windows)
    import PunctualCore
    import PunctualEmulator
    import PunctualSimulator

    /// A validated `punctual simulate` invocation: which manager, with which settings, on which command.
    struct SimulatePlan {
        let name: String
        let format: String
        let command: [String]
        let settings: [(name: String, value: String)]
        let run: (SimulationOptions, @escaping @Sendable (TimelineEntry) -> Void) throws -> SimulationReport
    }

    extension SimulateCommand {
        /// Checks every option against the manager it belongs to, and builds the plan.
        func makePlan() throws(UsageError) -> SimulatePlan {
            guard let manager else {
                throw UsageError(message: "--manager is missing (scm, systemd or kubernetes)", example: Self.example)
            }
            guard ["text", "json", "svg"].contains(format) else {
                throw UsageError(
                    message: "--format '\(format)' is not text, json or svg", example: "--format svg > timeline.svg")
            }
            var program = command
            if program.first == "--" {
                program.removeFirst()
            } else if let first = program.first, first.hasPrefix("-") {
                throw UsageError(
                    message: "unknown option '\(first)' (see 'punctual simulate --help')", example: Self.example)
            }
            guard let first = program.first, !first.isEmpty else {
                throw UsageError(message: "no command given: put the program to run after --", example: Self.example)
            }
            let options: [(flag: String, given: Bool, managers: [String])] = [
                ("--pipe-timeout", pipeTimeout != nil, ["scm"]),
                ("--preshutdown-timeout", preshutdownTimeout != nil, ["scm"]),
                ("--strategy", strategy != nil, ["scm"]), ("--shutdown", shutdown, ["scm"]),
                ("--restart-delay", restartDelay != nil, ["scm"]), ("--non-crash-failures", nonCrashFailures, ["scm"]),
                ("--kill-mode", killMode != nil, ["systemd"]), ("--restarts", restarts != nil, ["kubernetes"]),
                ("--service-name", serviceName != nil, ["scm", "systemd"]),
                ("--timeout-start", timeoutStart != nil, ["systemd"]),
                ("--timeout-stop", timeoutStop != nil, ["systemd"]),
                ("--watchdog", watchdog != nil, ["systemd"]), ("--restart", restart != nil, ["systemd"]),
                ("--notify-access", notifyAccess != nil, ["systemd"]),
                ("--startup-probe", startupProbe != nil, ["kubernetes"]),
                ("--readiness-probe", readinessProbe != nil, ["kubernetes"]),
                ("--liveness-probe", livenessProbe != nil, ["kubernetes"]), ("--period", period != nil, ["kubernetes"]),
                ("--failure-threshold", failureThreshold != nil, ["kubernetes"]),
                ("--grace", grace != nil, ["kubernetes"]),
            ]
            for option in options where option.given && !option.managers.contains(manager) {
                throw UsageError(
                    message:
                        "\(option.flag) applies to --manager \(option.managers.joined(separator: " or ")), not \(manager)",
                    example: "punctual simulate --manager \(option.managers[0]) \(option.flag) … -- ./server")
            }
            if shutdown && stopAfter == nil {
                throw UsageError(
                    message: "--shutdown needs --stop-after, the moment of the shutdown",
                    example: "--shutdown --stop-after 20s")
            }
            switch manager {
            case "scm": return try scmPlan(program)
            case "systemd": return try systemdPlan(program)
            case "kubernetes": return try kubernetesPlan(program)
            default:
                throw UsageError(
                    message: "--manager '\(manager)' is not scm, systemd or kubernetes", example: Self.example)
            }
        }

        private func scmPlan(_ program: [String]) throws(UsageError) -> SimulatePlan {
            var settings = SCMSettings(serviceName: serviceName ?? "demo")
            if let pipeTimeout {
                settings.pipeTimeout = try OptionParsing.duration(pipeTimeout, flag: "--pipe-timeout", example: "30s")
            }
            if let preshutdownTimeout {
                settings.preshutdownTimeout = try OptionParsing.duration(
                    preshutdownTimeout, flag: "--preshutdown-timeout", example: "180s")
            }
            let chosen =
                try strategy.map { text throws(UsageError) in
                    guard let strategy = SCMStartStrategy(rawValue: text) else {
                        throw UsageError(
                            message: "--strategy '\(text)' is not pending or running-no-controls",
                            example: "--strategy running-no-controls")
                    }
                    return strategy
                } ?? .pending
            if let restartDelay {
                settings.restartDelays = [
                    try OptionParsing.duration(restartDelay, flag: "--restart-delay", example: "5s", allowZero: true)
                ]
            } else if nonCrashFailures {
                throw UsageError(
                    message: "--non-crash-failures needs a failure action: --restart-delay",
                    example: "--restart-delay 5s --non-crash-failures")
            }
            settings.failureActionsOnNonCrashFailures = nonCrashFailures
            let simulation = SCMSimulation(settings: settings, strategy: chosen, command: program)
            return SimulatePlan(
                name: "scm", format: format, command: program, settings: simulation.settingsDescription,
                run: { try simulation.run($0, onEntry: $1) })
        }

        private func systemdPlan(_ program: [String]) throws(UsageError) -> SimulatePlan {
            func optional(_ text: String?, _ flag: String, _ fallback: Duration?) throws(UsageError) -> Duration? {
                guard let text else { return fallback }
                if text == "infinity" || text == "0" { return nil }
                return try OptionParsing.duration(text, flag: flag, example: "90s")
            }
            var settings = SystemdUnitSettings(
                unitName: "\(serviceName ?? "demo").service",
                timeoutStart: try optional(timeoutStart, "--timeout-start", .seconds(90)),
                timeoutStop: try optional(timeoutStop, "--timeout-stop", .seconds(90)),
                watchdog: try optional(watchdog, "--watchdog", nil))
            if let restart {
                guard let policy = SystemdUnitSettings.RestartPolicy(rawValue: restart) else {
                    throw UsageError(
                        message: "--restart '\(restart)' is not no or on-failure", example: "--restart on-failure")
                }
                settings.restart = policy
            }
            if let killMode {
                guard let mode = SystemdUnitSettings.KillMode(rawValue: killMode) else {
                    throw UsageError(
                        message: "--kill-mode '\(killMode)' is not control-group or mixed", example: "--kill-mode mixed"
                    )
                }
                settings.killMode = mode
            }
            if let notifyAccess {
                guard let access = SystemdUnitSettings.NotifyAccess(rawValue: notifyAccess) else {
                    throw UsageError(
                        message: "--notify-access '\(notifyAccess)' is not main or all", example: "--notify-access all")
                }
                settings.notifyAccess = access
            }
            let simulation = SystemdSimulation(settings: settings, command: program)
            return SimulatePlan(
                name: "systemd", format: format, command: program, settings: simulation.settingsDescription,
                run: { try simulation.run($0, onEntry: $1) })
        }

        private func kubernetesPlan(_ program: [String]) throws(UsageError) -> SimulatePlan {
            let periodValue = try period.map { text throws(UsageError) in
                try OptionParsing.duration(text, flag: "--period", example: "10s")
            }
            if let failureThreshold, failureThreshold < 1 {
                throw UsageError(message: "--failure-threshold must be at least 1", example: "--failure-threshold 3")
            }
            func probe(_ text: String?, _ flag: String) throws(UsageError) -> KubernetesProbe? {
                guard let text else { return nil }
                let spec = try OptionParsing.probe(text, flag: flag)
                switch spec {
                case .tcp, .http, .exec, .redis, .postgres, .grpc: break
                default:
                    throw UsageError(
                        message:
                            "\(flag) '\(text)': the kubelet asks, it is not told: tcp:, http://, exec:, grpc://, redis:// or postgres:// only",
                        example: "\(flag) tcp:127.0.0.1:8080")
                }
                var probe = KubernetesProbe(check: spec)
                if let periodValue { probe.period = periodValue }
                if let failureThreshold { probe.failureThreshold = failureThreshold }
                return probe
            }
            if let restarts, restarts < 0 {
                throw UsageError(message: "--restarts must be 0 or more", example: "--restarts 3")
            }
            let settings = KubernetesSettings(
                startupProbe: try probe(startupProbe, "--startup-probe"),
                readinessProbe: try probe(readinessProbe, "--readiness-probe"),
                livenessProbe: try probe(livenessProbe, "--liveness-probe"),
                gracePeriod: try grace.map { text throws(UsageError) in
                    try OptionParsing.duration(text, flag: "--grace", example: "30s")
                }
                    ?? .seconds(30), restartsToWatch: restarts ?? 0)
            let simulation = KubernetesSimulation(settings: settings, command: program)
            return SimulatePlan(
                name: "kubernetes", format: format, command: program, settings: simulation.settingsDescription,
                run: { try simulation.run($0, onEntry: $1) })
        }
    }
#endif
