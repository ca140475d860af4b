import PunctualCore

extension InstallCommand {
    /// The Windows service `install` makes.
    func makePlan(executable: String) throws(UsageError) -> ServiceInstallPlan {
        if let problem = ServiceInstallPlan.problem(withName: name) {
            throw UsageError(message: problem, example: Self.example)
        }
        let service = try checkedRun()
        var runOptions = service.options
        let outputLog = service.run.output.logFile
        do {
            _ = try WindowsRunRules.engineConfiguration(service.configuration.engine)
        } catch {
            throw UsageError(message: error.message, example: error.example)
        }
        if try service.run.health.endpoint() != nil { throw HealthOptions.notOnWindows }
        if service.configuration.publication != nil { throw RegistryOptions.notOnWindows }
        if service.run.workingDirectory == nil,
            let folder = WindowsRunRules.defaultWorkingDirectory(program: service.configuration.command[0])
        {
            runOptions += ["--working-directory", folder]
        }
        guard let startType = ServiceInstallPlan.StartType(rawValue: start) else {
            throw UsageError(
                message: "--start '\(start)' is not a start type (auto, delayed-auto, demand, disabled)",
                example: "--start delayed-auto")
        }
        try refuseOptions(of: .systemd)
        let onFailure = onFailure ?? "restart/5s,restart/30s"
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
        let account = account ?? "LocalSystem"
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
            name: name, executable: executable, runOptions: runOptions, command: service.command,
            displayName: displayName,
            description: description, startType: startType, account: accountName, dependencies: dependsOn,
            failureActions: actions,
            failureResetPeriod: try OptionParsing.duration(
                failureReset ?? "1d", flag: "--failure-reset", example: "1d"),
            failureCommand: failureCommand, failureActionsOnNonCrash: !noRecoveryOnError,
            preshutdownTimeout: preshutdown, outputLog: outputLog)
    }
}
