import ArgumentParser
import PunctualCore

/// `punctual uninstall NAME`: stops the service if it runs, then removes it.
struct UninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall", abstract: "Stop and remove a Windows service made with punctual install.",
        discussion:
            "EXIT STATUS: 0 when removed; 1 when the SCM refused; 64 for a usage mistake or on a system without the SCM."
    )

    @Argument(help: "The service's name.")
    var name: String

    func run() throws { try ServiceHost.uninstall(name) }
}

/// `punctual start NAME`: starts the service and follows it to RUNNING.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start a Windows service and wait, printing each step, until it runs.",
        discussion: """
            Fails as soon as the service stops moving its checkpoint for longer than its own wait hint \
            (what Windows reports as error 1053), or stops while starting, saying why.

            EXIT STATUS: 0 when RUNNING; 1 when it failed; 64 for a usage mistake or on a system \
            without the SCM.
            """)

    @Argument(help: "The service's name.")
    var name: String

    @Option(
        help: ArgumentHelp(
            "Give up after this long even while it progresses (as long as a start may take).", valueName: "duration"))
    var timeout = Defaults.startupBudget.humanReadable

    func run() throws {
        try ServiceHost.start(name, limit: try OptionParsing.duration(timeout, flag: "--timeout", example: "5m"))
    }
}

/// `punctual stop NAME`: asks the service to stop and follows it to STOPPED.
struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop a Windows service and wait, printing each step, until it has stopped.",
        discussion:
            "EXIT STATUS: 0 when STOPPED; 1 when it failed; 64 for a usage mistake or on a system without the SCM.")

    @Argument(help: "The service's name.")
    var name: String

    @Option(help: ArgumentHelp("Give up after this long even while it progresses.", valueName: "duration"))
    var timeout = "5m"

    func run() throws {
        try ServiceHost.stop(name, limit: try OptionParsing.duration(timeout, flag: "--timeout", example: "1m"))
    }
}

/// `punctual status NAME`: state, checkpoint, wait hint, PID, exit codes and configuration.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a Windows service's state, PID, exit codes and configuration.",
        discussion: "EXIT STATUS: 0; 1 when the SCM refused; 64 for a usage mistake or on a system without the SCM.")

    @Argument(help: "The service's name.")
    var name: String

    func run() throws { try ServiceHost.status(name) }
}
