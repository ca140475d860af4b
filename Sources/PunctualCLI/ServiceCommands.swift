import ArgumentParser
import PunctualCore

/// `punctual uninstall NAME`: stops the service if it runs, then removes it.
struct UninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall", abstract: "Stop and remove a service made with punctual install.",
        discussion: """
            On Linux: systemctl disable --now, the unit file removed, systemd reloaded. On Windows: the \
            SCM's service stopped and deleted.

            EXIT STATUS: 0 when removed; 1 when the manager refused; 64 for a usage mistake or on a \
            system without the manager.
            """
    )

    @Argument(help: "The service's name.")
    var name: String

    @Flag(help: "systemd: a unit of your user's own manager (systemctl --user).")
    var user = false

    func run() throws { try ServiceHost.uninstall(name, user: user) }
}

/// `punctual start NAME`: starts the service and follows it to RUNNING.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start a service and wait until it runs, then show its state.",
        discussion: """
            On Linux: systemctl start, which waits for punctual's READY=1 or the failure, then the \
            status. On Windows: follows the SCM's checkpoints, printing each step, and fails as soon as the service stops moving its checkpoint for longer than its own wait hint \
            (what Windows reports as error 1053), or stops while starting, saying why.

            EXIT STATUS: 0 when RUNNING; 1 when it failed; 64 for a usage mistake or on a system \
            without the SCM.
            """)

    @Argument(help: "The service's name.")
    var name: String

    @Flag(help: "systemd: a unit of your user's own manager (systemctl --user).")
    var user = false

    @Option(
        help: ArgumentHelp(
            "Give up after this long even while it progresses (as long as a start may take).", valueName: "duration"))
    var timeout = Defaults.startupBudget.humanReadable

    func run() throws {
        try ServiceHost.start(
            name, user: user, limit: try OptionParsing.duration(timeout, flag: "--timeout", example: "5m"))
    }
}

/// `punctual stop NAME`: asks the service to stop and follows it to STOPPED.
struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop a service and wait until it has stopped, then show its state.",
        discussion:
            "EXIT STATUS: 0 when STOPPED; 1 when it failed; 64 for a usage mistake or on a system without the SCM.")

    @Argument(help: "The service's name.")
    var name: String

    @Flag(help: "systemd: a unit of your user's own manager (systemctl --user).")
    var user = false

    @Option(help: ArgumentHelp("Give up after this long even while it progresses.", valueName: "duration"))
    var timeout = "5m"

    func run() throws {
        try ServiceHost.stop(
            name, user: user, limit: try OptionParsing.duration(timeout, flag: "--timeout", example: "1m"))
    }
}

/// `punctual status NAME`: state, checkpoint, wait hint, PID, exit codes and configuration.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a service's state, what punctual says of it, and its last result.",
        discussion: """
            On Linux: systemd's state, punctual's STATUS= line and the last result with its exit status. \
            On Windows: the SCM's state, checkpoint, wait hint, PID, exit codes and configuration.

            EXIT STATUS: 0; 1 when the manager refused; 64 for a usage mistake or on a system without \
            the manager.
            """)

    @Argument(help: "The service's name.")
    var name: String

    @Flag(help: "systemd: a unit of your user's own manager (systemctl --user).")
    var user = false

    func run() throws { try ServiceHost.status(name, user: user) }
}
