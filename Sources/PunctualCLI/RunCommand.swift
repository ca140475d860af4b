import ArgumentParser
import Logging
import PunctualCore
import PunctualRuntime
import PunctualSupervisor

#if !os(Windows)
    import PunctualSystem
    import PunctualSystemd
#endif

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a program as a service that starts and stops on time and reports the truth.",
        discussion: """
            Punctual starts COMMAND in a session of its own and reports "starting" to the service \
            manager (systemd's Type=notify, or the terminal) until every --ready probe passes, then \
            READY=1. While the start is alive and within --startup-budget it keeps the manager's \
            deadline moving (EXTEND_TIMEOUT_USEC), so a slow start is not killed by TimeoutStartSec; \
            past the budget, or with no sign of progress for --progress-timeout, it stops extending, \
            says why, kills the child's tree and exits 124.

            PROBES (repeat --ready; all must pass):
              tcp:HOST:PORT          a TCP connection succeeds
              http://HOST:PORT/PATH  GET answers 200-399 (like the kubelet)
              https://HOST/PATH      the same over TLS, certificate checked (?ca=FILE, ?insecure)
              redis://HOST:PORT      PING answers PONG (not while loading; ?password-file=PATH)
              postgres://HOST:PORT   the server accepts logins (not while recovering: 57P03)
              grpc://HOST:PORT[/SVC] the gRPC health check answers SERVING
              exec:COMMAND           /bin/sh -c COMMAND exits 0 within --probe-timeout
              log:REGEX              a line of the child's stdout or stderr matches
              file:PATH              the path exists
              notify                 the child sends READY=1 (it gets a NOTIFY_SOCKET of punctual's)
            With no probe the child counts as ready once started: the weak choice, since a spawned \
            process is not a service that answers.

            AFTER READY: each --live probe (tcp, http, redis, postgres, grpc, exec) is asked every --live-every; \
            --live-failures failures in a row make the program unhealthy. Under systemd's watchdog \
            (WatchdogSec=) WATCHDOG=1 goes out only while the program's process is neither stopped \
            nor a zombie and every --live check last passed; without --live the readiness probes \
            that can be asked again are the checks. An unhealthy program gets WATCHDOG=trigger (under \
            a watchdog), STATUS= naming the check, the stop below, and punctual exits 125. With \
            --ready notify under a watchdog the program gets WATCHDOG_USEC and WATCHDOG_PID of its \
            own, and its WATCHDOG=1 is what feeds the watchdog.

            HEALTH ENDPOINTS (--health-port): /livez 200 while the start is within its budget and \
            the program is not judged unhealthy (never 500 sooner than punctual acts); /readyz 200 from ready until a stop begins; \
            /startupz 200 once ready; /metrics in the Prometheus text format. ?verbose lists the \
            checks, ?exclude=NAME leaves one out.

            REGISTRY (--registry etcd://HOST:PORT/PREFIX): PREFIX/INSTANCE holds {"state":…} \
            STARTING, RUNNING, UNHEALTHY or STOPPING (from the stop request, before --shutdown-delay), \
            under a lease kept alive every 500 ms only while the start shows progress or the ready \
            program's checks pass: a killed punctual or a quiet start leaves a key that expires within \
            --registry-ttl + 1s; the lease is revoked at the end. etcd down never delays the start or \
            the stop. etcds:// takes ?ca=, ?cert= and ?key=; a user's password comes from \
            ?password-file= or ?password-env=, never the URL. --on-state 'exec:COMMAND' runs at each \
            state (and STOPPED at the end), one at a time, killed after --on-state-timeout.

            STOP: on SIGTERM or SIGINT punctual sends --stop-signal (default: the signal it got) to \
            the child's process group, keeps extending the stop deadline for --stop-timeout, then \
            sends SIGKILL to the whole tree. With --shutdown-delay, /readyz fails at once and the \
            signal goes out only after the delay. HUP, QUIT, USR1 and USR2 are passed to the child.

            ON WINDOWS: the SCM, when it started punctual, hears START_PENDING until the probes pass; \
            the stop is CTRL_BREAK to the child's process group, then the end of its Job object; every \
            probe but notify is available (exec: runs cmd /c); a service's output goes to --log-file, by default \
            %ProgramData%\\punctual\\NAME\\output.log (see punctual install --help).

            EXIT STATUS: the child's own (a signal death as 128+n); 0 when it ended on the stop \
            signal (or the signal punctual received); 1 when it exited 0 before it was ready; 124 for \
            a failed start; 125 when it was judged unhealthy and stopped; 137 when it had to be \
            killed; 64 for a usage mistake; 70 when punctual itself failed (or the health port is \
            taken); 126 when COMMAND cannot be executed; 127 when it is not found.

            SERVICE FILE (--config api.toml): TOML, one key per flag, named as the flag without its dashes, \
            and command as an array (no shell quoting). A flag on the command line wins over the file's \
            key; ${NAME} takes an environment variable's value ($$ for a plain $). A mistake names the \
            file, the line and the key, and exits 64:
              command = ["./server", "--port", "8080"]
              ready = ["tcp:127.0.0.1:8080"]
              startup-budget = "5m"
              stop-timeout = "30s"

            EXAMPLES:
              punctual run --ready tcp:127.0.0.1:8080 --startup-budget 5m -- ./server --port 8080
              punctual run --ready postgres://127.0.0.1:5432 --stop-signal INT -- postgres -D /var/lib/pg
              punctual run --ready 'log:Ready to accept connections' --progress-timeout 60s -- redis-server
              punctual run --ready tcp:127.0.0.1:8080 --live http://127.0.0.1:8080/healthz \\
                           --health-port 8081 --shutdown-delay 5s -- ./server --port 8080
              punctual run --ready tcp:127.0.0.1:8080 --registry etcd://10.0.0.2:2379/services/api \\
                           --address 10.0.0.7:8080 -- ./server --port 8080
            """)

    @OptionGroup(title: "Start") var start: StartOptions
    @OptionGroup(title: "After ready") var liveness: LivenessOptions
    @OptionGroup(title: "Health endpoints") var health: HealthOptions
    @OptionGroup(title: "Stop") var stop: StopOptions
    @OptionGroup(title: "Logs and output") var output: OutputOptions
    @OptionGroup(title: "Registry") var registry: RegistryOptions

    @Option(
        help: ArgumentHelp(
            "Run the program in this folder (a relative program path is taken from there too).", valueName: "path"))
    var workingDirectory: String?

    @Option(
        help: ArgumentHelp(
            "Keep the start history here (how long each start took); default: systemd's $STATE_DIRECTORY.",
            valueName: "path"))
    var stateDir: String?

    @Option(
        help: ArgumentHelp(
            "Read these settings from a service file: each key a flag's name, command an array; flags given here win.",
            valueName: "file"))
    var config: String?

    @Argument(
        parsing: .captureForPassthrough,
        help: ArgumentHelp("The program to run and its arguments, after --.", valueName: "command"))
    var command: [String] = []

    static let example = "punctual run --ready tcp:127.0.0.1:8080 -- ./server --port 8080"

    func makeConfiguration() throws(UsageError) -> RunConfiguration {
        var program = command
        if program.first == "--" {
            program.removeFirst()
        } else if let first = program.first, first.hasPrefix("-") {
            throw UsageError(message: "unknown option '\(first)' (see 'punctual run --help')", example: Self.example)
        }
        guard let first = program.first, !first.isEmpty else {
            throw UsageError(message: "no command given: put the program to run after --", example: Self.example)
        }
        var engine = EngineConfiguration(
            startupBudget: try OptionParsing.duration(start.startupBudget, flag: "--startup-budget", example: "5m"),
            progressTimeout: try start.progressTimeout.map { text throws(UsageError) in
                try OptionParsing.duration(text, flag: "--progress-timeout", example: "60s")
            },
            stopTimeout: try OptionParsing.duration(
                stop.stopTimeout, flag: "--stop-timeout", example: "30s", allowZero: true),
            stopSignal: try stop.stopSignal.map { text throws(UsageError) in
                try OptionParsing.signal(text, flag: "--stop-signal")
            })
        for text in start.probes { engine.probes.append(try OptionParsing.probe(text)) }
        engine.shutdownDelay = try OptionParsing.duration(
            stop.shutdownDelay, flag: "--shutdown-delay", example: "5s", allowZero: true)
        if engine.shutdownDelay > .zero, engine.shutdownDelay >= engine.stopTimeout {
            throw UsageError(
                message:
                    "--shutdown-delay \(stop.shutdownDelay) is not shorter than --stop-timeout \(stop.stopTimeout): the delay only drains requests, the stop timeout is the program's time to stop",
                example: "--shutdown-delay 5s --stop-timeout 30s")
        }
        var configuration = RunConfiguration(
            command: program, engine: engine,
            probeTimeout: try OptionParsing.duration(start.probeTimeout, flag: "--probe-timeout", example: "2s"),
            workingDirectory: workingDirectory, liveness: try liveness.settings())
        configuration.stateDirectory = stateDir
        #if os(Windows)
            if registry.registry != nil || registry.onState != nil { throw RegistryOptions.notOnWindows }
        #else
            configuration.publication = try registry.publication(hostName: HostName.withProcess)
        #endif
        return configuration
    }

    func run() throws {
        if let first = command.first, first == "--help" || first == "-h" { throw CleanExit.helpRequest(self) }
        let configuration = try makeConfiguration()
        let rotation = try output.rotation()
        let health = try self.health.endpoint()
        #if os(Windows)
            if health != nil { throw HealthOptions.notOnWindows }
            if stateDir != nil {
                throw UsageError(
                    message: "--state-dir: the start history is Linux's for now",
                    example: "punctual run --ready … -- api.exe")
            }
            throw ArgumentParser.ExitCode(
                try WindowsRun.run(
                    configuration, level: try output.level(), logFile: output.logFile, rotation: rotation))
        #else
            if let workingDirectory, !ExecutableLookup.isDirectory(workingDirectory) {
                throw UsageError(
                    message: "--working-directory '\(workingDirectory)' is not a folder",
                    example: "--working-directory /srv/app")
            }
            let systemd = SystemdEnvironment.current()
            let outputLog = try output.logFile.map { path throws(UsageError) in
                try OutputLogFile.open(path, rotation: rotation)
            }
            let (console, logger) = Bootstrap.logging(systemd: systemd, level: try output.level())
            if let exposed = configuration.probesWithPasswords.first,
                ProcessTableVisibility.commandLinesVisibleToOthers()
            {
                logger.warning(
                    "the password of \(exposed) is in punctual's command line, which every user of this machine can read (ps, /proc); give it with ?password-file=PATH or ?password-env=NAME instead"
                )
            }
            let listener: ListeningSocket?
            do {
                listener = try health.map { endpoint throws(SystemError) in try ListeningSocket(endpoint) }
            } catch {
                logger.error(
                    "cannot serve the health endpoints on \(health.map(\.description) ?? ""): \(error.reason); for example: --health-port 8081 (a free port) or --health-host 127.0.0.1"
                )
                throw ArgumentParser.ExitCode(ExitCodes.internalError)
            }
            let outcome = RunSession(
                configuration: configuration, console: console, logger: logger, systemd: systemd, outputLog: outputLog,
                healthListener: listener
            ).run()
            throw ArgumentParser.ExitCode(outcome.exitCode)
        #endif
    }
}
