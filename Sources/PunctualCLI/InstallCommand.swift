import ArgumentParser
import PunctualCore

struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Make a program a Windows service that runs under punctual run.",
        discussion: """
            Creates the service NAME whose command line is this punctual's `run`, with the run options \
            given here (--ready, --startup-budget, --stop-timeout, …), then `--` and COMMAND. \
            Punctual connects to the SCM within milliseconds, reports START_PENDING with moving \
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

            EXIT STATUS: 0 when created; 64 for a usage mistake (or this is not Windows); 1 when the \
            SCM refused, with its error.

            EXAMPLES:
              punctual install api --ready tcp:127.0.0.1:8080 --startup-budget 5m -- C:\\api\\api.exe --port 8080
              punctual install worker --start delayed-auto --account virtual --depends-on Tcpip -- worker.exe
              punctual install db --preshutdown-timeout 3m --on-failure restart/10s,restart/1m,none --dry-run -- pg.exe
            """)

    @Argument(help: "The service's name (no / or \\).")
    var name: String

    @Option(help: ArgumentHelp("The name services.msc shows (default: NAME).", valueName: "text"))
    var displayName: String?

    @Option(help: ArgumentHelp("The text services.msc shows under the name.", valueName: "text"))
    var description: String?

    @Option(help: ArgumentHelp("auto, delayed-auto, demand or disabled.", valueName: "type"))
    var start = "auto"

    @Option(
        help: ArgumentHelp(
            "LocalSystem, LocalService, NetworkService, virtual (NT SERVICE\\NAME) or a user (.\\name).",
            valueName: "account"))
    var account = "LocalSystem"

    @Option(
        help: ArgumentHelp("The password of a user --account (visible to local administrators).", valueName: "text"))
    var password: String?

    @Option(help: ArgumentHelp("A service that must run first; repeat for more.", valueName: "service"))
    var dependsOn: [String] = []

    @Option(
        help: ArgumentHelp(
            "Recovery steps: restart/DELAY, reboot/DELAY, run/DELAY or none, comma-separated.", valueName: "steps"))
    var onFailure = "restart/5s,restart/30s"

    @Option(help: ArgumentHelp("Time without failure after which the count starts again.", valueName: "duration"))
    var failureReset = "1d"

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

    func makePlan(executable: String) throws(UsageError) -> ServiceInstallPlan {
        if let problem = ServiceInstallPlan.problem(withName: name) {
            throw UsageError(message: problem, example: Self.example)
        }
        let run = runAndCommand
        guard let separator = run.firstIndex(of: "--"), separator + 1 < run.count else {
            throw UsageError(message: "no command given: put the program to run after --", example: Self.example)
        }
        var runOptions = Array(run[..<separator])
        let command = Array(run[(separator + 1)...])
        let outputLog: String?
        do {
            let run = try RunCommand.parse(runOptions + ["--"] + command)
            _ = try WindowsRunRules.engineConfiguration(run.makeConfiguration().engine)
            outputLog = run.output.logFile
            if try run.health.endpoint() != nil { throw HealthOptions.notOnWindows }
            if run.workingDirectory == nil, let folder = WindowsRunRules.defaultWorkingDirectory(program: command[0]) {
                runOptions += ["--working-directory", folder]
            }
        } catch let usage as UsageError {
            throw usage
        } catch let unsupported as WindowsRunRules.Unsupported {
            throw UsageError(message: unsupported.message, example: unsupported.example)
        } catch {
            throw UsageError(
                message: "\(RunCommand.message(for: error).split(separator: "\n").first ?? "a run option is wrong")",
                example: Self.example)
        }
        guard let startType = ServiceInstallPlan.StartType(rawValue: start) else {
            throw UsageError(
                message: "--start '\(start)' is not a start type (auto, delayed-auto, demand, disabled)",
                example: "--start delayed-auto")
        }
        guard let actions = ServiceInstallPlan.failureActions(from: onFailure) else {
            throw UsageError(
                message: "--on-failure '\(onFailure)' is not a list of at most 16 steps",
                example: "--on-failure restart/5s,restart/1m,none")
        }
        if actions.contains(where: { $0.kind == .run }) && failureCommand == nil {
            throw UsageError(
                message: "--on-failure has a run step but no --failure-command says what to run",
                example: "--on-failure restart/5s,run/1m --failure-command \"C:\\tools\\alert.exe api\"")
        }
        let accountName = ServiceInstallPlan.account(account, service: name)
        if ServiceInstallPlan.needsPassword(accountName) && password == nil {
            throw UsageError(
                message: "the account '\(account)' is a user's and needs --password",
                example: "--account .\\svc-api --password '…' (or --account virtual, which needs none)")
        }
        let preshutdown = try preshutdownTimeout.map { text throws(UsageError) in
            try OptionParsing.duration(text, flag: "--preshutdown-timeout", example: "3m")
        }
        return ServiceInstallPlan(
            name: name, executable: executable, runOptions: runOptions, command: command, displayName: displayName,
            description: description, startType: startType, account: accountName, dependencies: dependsOn,
            failureActions: actions,
            failureResetPeriod: try OptionParsing.duration(failureReset, flag: "--failure-reset", example: "1d"),
            failureCommand: failureCommand, failureActionsOnNonCrash: !noRecoveryOnError,
            preshutdownTimeout: preshutdown, outputLog: outputLog)
    }

    func run() throws {
        let plan = try makePlan(executable: ServiceHost.executablePath)
        if dryRun {
            print(plan.summary.joined(separator: "\n"))
            return
        }
        try ServiceHost.install(plan, password: password)
    }
}
