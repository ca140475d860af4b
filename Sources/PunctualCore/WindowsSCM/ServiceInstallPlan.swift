/// Everything `punctual install` asks the Windows SCM for, decided and checked before any Win32
/// call: the same plan is printed by `--dry-run` on any system and carried out on Windows.
package struct ServiceInstallPlan: Sendable, Equatable {
    /// When the SCM starts the service.
    package enum StartType: String, Sendable, CaseIterable {
        case auto
        case delayedAuto = "delayed-auto"
        case demand, disabled
    }

    /// One step of the SCM's recovery after a failure.
    package struct FailureAction: Sendable, Equatable, CustomStringConvertible {
        /// What the SCM does; the raw values are Win32's `SC_ACTION_TYPE`.
        package enum Kind: String, Sendable, CaseIterable {
            case none, restart, reboot, run

            /// `SC_ACTION_NONE` … `SC_ACTION_RUN_COMMAND`.
            package var win32Value: UInt32 {
                switch self {
                case .none: 0
                case .restart: 1
                case .reboot: 2
                case .run: 3
                }
            }
        }

        /// What the SCM does.
        package var kind: Kind
        /// How long it waits first.
        package var delay: Duration

        /// A step: `kind` after `delay`.
        package init(kind: Kind, delay: Duration) {
            self.kind = kind
            self.delay = delay
        }

        package var description: String { "\(kind.rawValue)/\(delay.humanReadable)" }
    }

    /// The service's name, as `sc` and `punctual status` take it.
    package var name: String
    /// The name services.msc shows.
    package var displayName: String
    /// The text services.msc shows under the name.
    package var description: String?
    /// The service's `ImagePath`: punctual run with its options, then the command.
    package var commandLine: String
    /// When the SCM starts it.
    package var startType: StartType
    /// Nil for LocalSystem; otherwise the account name the SCM expects.
    package var account: String?
    /// Services that must run first.
    package var dependencies: [String]
    /// Recovery: the first failure gets the first action, the second the second, and so on.
    package var failureActions: [FailureAction]
    /// How long without a failure before the count of failures starts again.
    package var failureResetPeriod: Duration
    /// What a `run` action runs.
    package var failureCommand: String?
    /// Whether a STOPPED with an error (the child failed) also triggers recovery. Punctual reports its
    /// child's failure that way, so without this flag recovery would only follow a crash of punctual.
    package var failureActionsOnNonCrash: Bool
    /// How long Windows waits for the service at shutdown (PRESHUTDOWN); nil keeps Windows' default.
    package var preshutdownTimeout: Duration?
    /// Where the child's output goes: the run's `--log-file`, or the default under `%ProgramData%`.
    package var outputLog: String
    /// Whether that is the default, whose folder `install` makes for the service's account alone.
    package var usesDefaultLog: Bool

    /// A plan for `name` running `punctual run RUN_OPTIONS -- COMMAND` from `executable`.
    package init(
        name: String, executable: String, runOptions: [String], command: [String], displayName: String? = nil,
        description: String? = nil, startType: StartType = .auto, account: String? = nil,
        dependencies: [String] = [], failureActions: [FailureAction] = ServiceInstallPlan.defaultFailureActions,
        failureResetPeriod: Duration = .seconds(86400), failureCommand: String? = nil,
        failureActionsOnNonCrash: Bool = true, preshutdownTimeout: Duration? = nil, outputLog: String? = nil
    ) {
        self.name = name
        self.displayName = displayName ?? name
        self.description = description
        self.commandLine = WindowsCommandLine.join(
            [executable, "run"] + runOptions + (command.isEmpty ? [] : ["--"] + command))
        self.startType = startType
        self.account = account
        self.dependencies = dependencies
        self.failureActions = failureActions
        self.failureResetPeriod = failureResetPeriod
        self.failureCommand = failureCommand
        self.failureActionsOnNonCrash = failureActionsOnNonCrash
        self.preshutdownTimeout = preshutdownTimeout
        self.outputLog = outputLog ?? WindowsRunRules.defaultLogFile(service: name, programData: "%ProgramData%")
        self.usesDefaultLog = outputLog == nil
    }

    /// Restart after 5 s, then after 30 s, then nothing until the reset period ends.
    package static let defaultFailureActions = [
        FailureAction(kind: .restart, delay: .seconds(5)), FailureAction(kind: .restart, delay: .seconds(30)),
    ]

    /// What the plan asks for, a line per setting: what `--dry-run` prints.
    package var summary: [String] {
        [
            "name: \(name)", "display name: \(displayName)", "description: \(description ?? "(none)")",
            "command line: \(commandLine)", "start: \(startType.rawValue)", "account: \(account ?? "LocalSystem")",
            "dependencies: \(dependencies.isEmpty ? "(none)" : dependencies.joined(separator: ", "))",
            "on failure: \(failureActions.isEmpty ? "(nothing)" : failureActions.map(\.description).joined(separator: ", ")), reset after \(failureResetPeriod.humanReadable)",
            "recovery also when the service stops with an error: \(failureActionsOnNonCrash ? "yes" : "no")",
            "preshutdown timeout: \(preshutdownTimeout?.humanReadable ?? "(Windows' default)")",
            "child's output: \(outputLog), rotated; punctual's notices: the Event Log, source \(name)",
        ]
    }

    /// The SCM's name for an account given as `LocalSystem`, `LocalService`, `NetworkService`,
    /// `virtual` (the service's own `NT SERVICE\NAME`) or a user (`.\name`, `DOMAIN\name`).
    package static func account(_ given: String, service: String) -> String? {
        switch given.lowercased() {
        case "localsystem": nil
        case "localservice": "NT AUTHORITY\\LocalService"
        case "networkservice": "NT AUTHORITY\\NetworkService"
        case "virtual": "NT SERVICE\\\(service)"
        default: given
        }
    }

    /// Whether `account` is a user's, which needs a password (the built-in and virtual ones do not).
    package static func needsPassword(_ account: String?) -> Bool {
        guard let account else { return false }
        return !account.hasPrefix("NT AUTHORITY\\") && !account.hasPrefix("NT SERVICE\\")
    }

    /// Why `name` cannot name a service, or nil: the SCM takes up to 256 characters, no slashes.
    package static func problem(withName name: String) -> String? {
        if name.isEmpty { return "the service name is empty" }
        if name.utf16.count > 256 { return "the service name is longer than 256 characters" }
        if name.contains(where: { $0 == "/" || $0 == "\\" }) { return "a service name cannot contain / or \\" }
        return nil
    }

    /// The most recovery steps a service may have.
    package static let mostFailureActions = 16

    /// Reads `restart/5s,restart/30s,none/0s` (`run/10s` runs the failure command); nil when the
    /// text is not of that form or has more than ``mostFailureActions`` steps.
    package static func failureActions(from text: String) -> [FailureAction]? {
        if text == "none" { return [] }
        var actions: [FailureAction] = []
        guard text.split(separator: ",", omittingEmptySubsequences: false).count <= mostFailureActions else {
            return nil
        }
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "/", maxSplits: 1)
            guard let kind = parts.first.flatMap({ FailureAction.Kind(rawValue: String($0)) }) else { return nil }
            let delay = parts.count == 2 ? try? DurationParser.parse(String(parts[1])) : .zero
            guard let delay else { return nil }
            actions.append(FailureAction(kind: kind, delay: delay))
        }
        return actions
    }
}
