#if !os(Windows)
    import ArgumentParser
    import Glibc
    import PunctualCore
    import PunctualEmulator
    import PunctualSimulator
    import PunctualSupervisor
    import PunctualSystem

    struct SimulateCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Run a real program under an emulated Windows SCM, systemd or kubelet and see what it would do.",
            discussion: """
                The program runs for real, in real time; the manager is a model that follows the documented \
                rules. You get a timeline (status reports, deadlines, controls, signals) and a verdict: the \
                error code, event IDs or Result a real manager would give, and what to change. Exit status \
                0 when the service reached running or ready (and stopped cleanly, with --stop-after), 1 when \
                the manager would have failed it.

                The program's own output goes to stderr; the report goes to stdout.

                SCM: the service reaches the emulated SCM through $PUNCTUAL_SCM_SOCKET, as punctual run does; \
                a program that knows nothing of it never connects, as on Windows.
                systemd: a Type=notify unit; the program gets a NOTIFY_SOCKET (and WATCHDOG_USEC).
                kubernetes: one container, probed for real with tcp:, http://, grpc://, redis://, postgres:// or exec: probes.

                EXAMPLES:
                  punctual simulate --manager scm --pipe-timeout 10s -- ./slow-server
                  punctual simulate --manager scm -- punctual run --ready tcp:127.0.0.1:8080 -- ./slow-server
                  punctual simulate --manager systemd --timeout-start 5s --stop-after 20s -- ./server
                  punctual simulate --manager kubernetes --startup-probe tcp:127.0.0.1:8080 --period 2s -- ./server
                  punctual simulate --manager systemd --format svg -- ./server > timeline.svg
                """)

        @Option(help: ArgumentHelp("scm, systemd or kubernetes.", valueName: "manager"))
        var manager: String?

        @Option(help: ArgumentHelp("text, json or svg.", valueName: "format"))
        var format = "text"

        @Option(
            help: ArgumentHelp(
                "Ask for a stop this long after the start (default: end once ready).", valueName: "duration")
        )
        var stopAfter: String?

        @Flag(help: "SCM: stop by a system shutdown (PRESHUTDOWN or SHUTDOWN) instead of sc stop.")
        var shutdown = false

        @Option(help: ArgumentHelp("SCM: ServicesPipeTimeout (30s).", valueName: "duration"))
        var pipeTimeout: String?

        @Option(
            help: ArgumentHelp(
                "SCM: the preshutdown timeout (10s; 180s before Windows 10 1703).", valueName: "duration"))
        var preshutdownTimeout: String?

        @Option(
            help: ArgumentHelp(
                "SCM: how a punctual-wrapped service reports its start: pending or running-no-controls.",
                valueName: "strategy"))
        var strategy: String?

        @Option(
            help: ArgumentHelp(
                "SCM: a failure action that restarts the service after this delay.", valueName: "duration"))
        var restartDelay: String?

        @Flag(help: "SCM: run the failure actions on a STOPPED with an error too (the non-crash flag).")
        var nonCrashFailures = false

        @Option(help: ArgumentHelp("SCM or systemd: the service's name.", valueName: "name"))
        var serviceName: String?

        @Option(help: ArgumentHelp("systemd: TimeoutStartSec (90s; infinity).", valueName: "duration"))
        var timeoutStart: String?

        @Option(help: ArgumentHelp("systemd: TimeoutStopSec (90s; infinity).", valueName: "duration"))
        var timeoutStop: String?

        @Option(help: ArgumentHelp("systemd: WatchdogSec (0: off).", valueName: "duration"))
        var watchdog: String?

        @Option(help: ArgumentHelp("systemd: Restart=, no or on-failure.", valueName: "policy"))
        var restart: String?

        @Option(help: ArgumentHelp("systemd: NotifyAccess=, main or all.", valueName: "access"))
        var notifyAccess: String?

        @Option(help: ArgumentHelp("systemd: KillMode=, control-group or mixed.", valueName: "mode"))
        var killMode: String?

        @Option(help: ArgumentHelp("kubernetes: the startupProbe, as for punctual run --ready.", valueName: "probe"))
        var startupProbe: String?

        @Option(help: ArgumentHelp("kubernetes: the readinessProbe.", valueName: "probe"))
        var readinessProbe: String?

        @Option(help: ArgumentHelp("kubernetes: the livenessProbe.", valueName: "probe"))
        var livenessProbe: String?

        @Option(help: ArgumentHelp("kubernetes: periodSeconds of every probe (10s).", valueName: "duration"))
        var period: String?

        @Option(help: ArgumentHelp("kubernetes: failureThreshold of every probe (3).", valueName: "count"))
        var failureThreshold: Int?

        @Option(help: ArgumentHelp("kubernetes: terminationGracePeriodSeconds (30s).", valueName: "duration"))
        var grace: String?

        @Option(
            help: ArgumentHelp("kubernetes: how many restarts to watch through their back-off (0).", valueName: "count")
        )
        var restarts: Int?

        @Argument(
            parsing: .captureForPassthrough, help: ArgumentHelp("The program to run, after --.", valueName: "command"))
        var command: [String] = []

        static let example = "punctual simulate --manager scm -- ./server"

        func run() throws {
            if let first = command.first, first == "--help" || first == "-h" { throw CleanExit.helpRequest(self) }
            let plan = try makePlan()
            let options = SimulationOptions(
                stopAfter: try stopAfter.map { text throws(UsageError) in
                    try OptionParsing.duration(text, flag: "--stop-after", example: "20s")
                },
                stopByShutdown: shutdown)
            if plan.format == "text" {
                FileDescriptorIO.writeAll(
                    1, TimelineText.header(manager: plan.name, settings: plan.settings, command: plan.command))
            }
            let printsLive = plan.format == "text"
            let live: @Sendable (TimelineEntry) -> Void = { entry in
                if printsLive { FileDescriptorIO.writeAll(1, TimelineText.line(entry) + "\n") }
            }
            let report: SimulationReport
            do {
                report = try plan.run(options, live)
            } catch let failure as SupervisedChild.SpawnFailure {
                FileDescriptorIO.writeAll(2, "punctual simulate: cannot run: \(failure.message)\n")
                throw ArgumentParser.ExitCode(failure.exitCode)
            } catch {
                FileDescriptorIO.writeAll(2, "punctual simulate: cannot set up the emulated manager: \(error)\n")
                throw ArgumentParser.ExitCode(ExitCodes.internalError)
            }
            switch plan.format {
            case "json": FileDescriptorIO.writeAll(1, TimelineJSON.render(report))
            case "svg": FileDescriptorIO.writeAll(1, TimelineSVG.render([report]))
            default: FileDescriptorIO.writeAll(1, TimelineText.footer(report.verdict))
            }
            throw ArgumentParser.ExitCode(report.verdict.succeeded ? 0 : 1)
        }
    }
#endif
