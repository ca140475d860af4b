import ArgumentParser
import PunctualCore

/// `punctual run`'s options for the stop.
struct StopOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Signal that asks the child to stop (nginx drains on QUIT, PostgreSQL stops fast on INT).",
            valueName: "signal"))
    var stopSignal: String?

    @Option(help: ArgumentHelp("Grace between the stop signal and SIGKILL to the child's tree.", valueName: "duration"))
    var stopTimeout = Defaults.stopTimeout.humanReadable

    @Option(
        help: ArgumentHelp(
            "On a stop, fail /readyz for this long before the stop signal, so load balancers drain first.",
            valueName: "duration"))
    var shutdownDelay = "0s"
}
