import ArgumentParser
import PunctualCore

struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Make a program a service of systemd or Windows that runs under punctual run.",
        discussion: """
            Creates the service NAME whose command is this punctual's `run`, with the run options \
            given here (--ready, --startup-budget, --stop-timeout, … or --config FILE), then `--` and \
            COMMAND (or the file's command). --manager says whose service: systemd (Linux's default) \
            or windows (Windows' default).

            SYSTEMD: writes /etc/systemd/system/NAME.service (with --user, the user's own \
            ~/.config/systemd/user), reloads systemd and enables it (--start demand: not enabled). \
            The unit has Type=notify, NotifyAccess=main and KillMode=mixed; TimeoutStartSec=10s \
            covers the moment until punctual's first message, its heartbeats extending the start from \
            there; TimeoutStopSec is --stop-timeout + --shutdown-delay + 5s; WatchdogSec is set when \
            --live is given; Restart=on-failure, giving up after 5 failed starts in a row; User= from \
            --account, Group=, Environment= and EnvironmentFile= from --group, --environment and \
            --environment-file. --socket writes NAME.socket too: systemd listens and passes the \
            sockets to punctual, which passes them on to the program as descriptors 3 on, with \
            LISTEN_FDS, LISTEN_FDNAMES and LISTEN_PID set for it (probe with http:// or a protocol: \
            a tcp: probe connects as soon as systemd listens). With --config the unit runs punctual run --config FILE, so an edit \
            of the file takes effect at the next start. punctual start, stop and status NAME drive \
            it through systemctl; punctual uninstall NAME removes it.

            KUBERNETES (--image IMAGE) prints the part of a pod spec to put in a Deployment: the \
            container running punctual run with everything written out (no file to mount), /livez \
            and /readyz on the health port (8081 unless given, on 0.0.0.0 so the kubelet reaches \
            it) as its liveness and readiness probes, and terminationGracePeriodSeconds from the \
            stop's limits. DOCKER prints a Dockerfile's last lines (punctual as PID 1, STOPSIGNAL, \
            a HEALTHCHECK through punctual probe, so no curl in the image, its start period from the \
            budget) and a Compose service (stop_grace_period, healthcheck, update order \
            start-first) that docker stack deploy reads too. Both only print: nothing is installed.

            WINDOWS: punctual connects to the SCM within milliseconds, reports START_PENDING with moving \
            checkpoints until the probes pass, then RUNNING; on STOP it stops the child's tree within \
            --stop-timeout and reports one STOPPED carrying the child's exit code.

            Recovery is on by default: restart after 5 s, then after 30 s, counting failures again \
            after a day, also when the service stops with an error (the flag without which Windows \
            ignores a wrapped program's failure). --dry-run prints what would be created, on any \
            system; without it, install needs Windows and an administrator.

            On Windows, run takes every probe but notify (exec: runs cmd /c) and stops the child \
            with CTRL_BREAK to its process group, then ends its Job. The \
            child runs in --working-directory, by default its program's folder. The \
            child's output goes to --log-file, by default %ProgramData%\\punctual\\NAME\\output.log, \
            rotated at --log-max-size; punctual's own notices go to the Event Log under NAME.

            NOT YET PROVEN: punctual's Swift code for Windows is type-checked here, and its Win32 \
            calls run under Wine; it has not been built or run on Windows (see README, What is \
            proven where).

            EXIT STATUS: 0 when created; 64 for a usage mistake (or a manager this system does not \
            run: --dry-run prints what would be made anywhere); 1 when the manager refused, with its \
            error.

            EXAMPLES:
              punctual install api --config /etc/punctual/api.toml --account api --group api
              punctual install api --manager systemd --dry-run --ready tcp:127.0.0.1:8080 -- /opt/api/server
              punctual install api --ready tcp:127.0.0.1:8080 --startup-budget 5m -- C:\\api\\api.exe --port 8080
              punctual install worker --start delayed-auto --account virtual --depends-on Tcpip -- worker.exe
              punctual install db --preshutdown-timeout 3m --on-failure restart/10s,restart/1m,none --dry-run -- pg.exe
            """)

    @Argument(help: "The service's name (no / or \\).")
    var name: String

    @Option(
        help: ArgumentHelp(
            "systemd, windows (default: this system's own), kubernetes or docker (these two print what to add).",
            valueName: "manager"))
    var manager: String?

    @Option(help: ArgumentHelp("kubernetes: the image that holds punctual and the program.", valueName: "image"))
    var image: String?

    @Flag(help: "systemd: a unit of your user's own manager (systemctl --user), not the system's.")
    var user = false

    @Option(help: ArgumentHelp("systemd: the group the service runs as (Group=).", valueName: "group"))
    var group: String?

    @Option(
        help: ArgumentHelp(
            "systemd: a variable of the service's environment; repeat for more.", valueName: "name=value")
    )
    var environment: [String] = []

    @Option(
        help: ArgumentHelp(
            "systemd: a file of NAME=VALUE lines for its environment; repeat for more.", valueName: "path"))
    var environmentFile: [String] = []

    @Option(
        help: ArgumentHelp(
            "systemd: where NAME.socket listens (PORT, HOST:PORT or a path); its sockets reach the program as "
                + "descriptors 3 on; repeat for more.", valueName: "address"))
    var socket: [String] = []

    @Option(help: ArgumentHelp("The name services.msc shows (default: NAME).", valueName: "text"))
    var displayName: String?

    @Option(help: ArgumentHelp("The text services.msc shows under the name.", valueName: "text"))
    var description: String?

    @Option(
        help: ArgumentHelp("auto, delayed-auto, demand or disabled (systemd: auto or demand).", valueName: "type"))
    var start = "auto"

    @Option(
        help: ArgumentHelp(
            "Windows: LocalSystem (default), LocalService, NetworkService, virtual (NT SERVICE\\NAME) or a user "
                + "(.\\name); systemd: the user the service runs as (User=; default root).",
            valueName: "account"))
    var account: String?

    @Option(
        help: ArgumentHelp("The password of a user --account (visible to local administrators).", valueName: "text"))
    var password: String?

    @Option(help: ArgumentHelp("A service that must run first; repeat for more.", valueName: "service"))
    var dependsOn: [String] = []

    @Option(
        help: ArgumentHelp(
            "Windows' recovery steps: restart/DELAY, reboot/DELAY, run/DELAY or none, comma-separated "
                + "(default: restart/5s,restart/30s).", valueName: "steps"))
    var onFailure: String?

    @Option(
        help: ArgumentHelp(
            "Windows: time without failure after which the count starts again (default: 1d).", valueName: "duration"))
    var failureReset: String?

    @Option(help: ArgumentHelp("The command a run/DELAY step runs.", valueName: "command"))
    var failureCommand: String?

    @Flag(help: "Recover only when punctual itself crashes, not when the service stops with an error.")
    var noRecoveryOnError = false

    @Option(help: ArgumentHelp("How long Windows waits for the stop at shutdown (10s to 3m).", valueName: "duration"))
    var preshutdownTimeout: String?

    @Flag(help: "Print what would be created, and create nothing.")
    var dryRun = false

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("punctual run's options, then -- and the program with its arguments.", valueName: "run"))
    var runAndCommand: [String] = []

    static let example = "punctual install api --ready tcp:127.0.0.1:8080 -- C:\\api\\api.exe"

    func run() throws {
        let executable = ServiceHost.executablePath
        let target = try targetManager()
        if image != nil && target != .kubernetes {
            throw UsageError(
                message: "--image is for --manager kubernetes",
                example: "punctual install api --manager kubernetes --image api:1.4 …")
        }
        switch target {
        case .systemd:
            let unit = try makeSystemdUnit(executable: executable)
            if dryRun {
                print(unit.text, terminator: "")
                if let socketText = unit.socketText { print("\n# \(unit.name).socket\n\(socketText)", terminator: "") }
                return
            }
            #if os(Windows)
                throw UsageError(
                    message: "systemd is not this system's manager", example: "punctual install api --manager windows")
            #else
                try SystemdHost.install(unit, enable: start == "auto")
            #endif
        case .windows:
            let plan = try makePlan(executable: executable)
            if dryRun {
                print(plan.summary.joined(separator: "\n"))
                return
            }
            try ServiceHost.install(plan, password: password)
        case .kubernetes:
            guard let image else {
                throw UsageError(
                    message: "--manager kubernetes needs --image: the image that holds punctual and the program",
                    example:
                        "punctual install api --manager kubernetes --image registry.example/api:1.4 --config api.toml")
            }
            print(try containerFragments(for: .kubernetes).kubernetes(image: image), terminator: "")
        case .docker:
            let fragments = try containerFragments(for: .docker)
            print(fragments.dockerfile)
            print(fragments.compose, terminator: "")
        }
    }

    private func targetManager() throws(UsageError) -> TargetManager {
        guard let manager else { return .native }
        guard let target = TargetManager(rawValue: manager.lowercased()) else {
            throw UsageError(
                message: "--manager '\(manager)' is not one punctual knows (systemd, windows, kubernetes, docker)",
                example: "--manager systemd")
        }
        return target
    }

    /// The options that mean something to one manager only, refused for the other with one line.
    func refuseOptions(of other: TargetManager) throws(UsageError) {
        let given: [(String, Bool)] =
            other == .windows
            ? [
                ("--display-name", displayName != nil), ("--password", password != nil),
                ("--on-failure", onFailure != nil),
                ("--failure-reset", failureReset != nil), ("--failure-command", failureCommand != nil),
                ("--no-recovery-on-error", noRecoveryOnError), ("--preshutdown-timeout", preshutdownTimeout != nil),
            ]
            : [
                ("--user", user), ("--group", group != nil), ("--environment", !environment.isEmpty),
                ("--environment-file", !environmentFile.isEmpty), ("--socket", !socket.isEmpty),
            ]
        if let (flag, _) = given.first(where: { $0.1 }) {
            throw UsageError(
                message: "\(flag) is \(other.rawValue)'s; it means nothing to the service's manager here",
                example: other == .windows
                    ? "punctual install api --manager windows \(flag) …"
                    : "punctual install api --manager systemd \(flag) …")
        }
    }
}
