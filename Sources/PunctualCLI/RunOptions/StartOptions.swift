import ArgumentParser
import PunctualCore

/// `punctual run`'s options for the start: what ready means and how long it may take.
struct StartOptions: ParsableArguments {
    @Option(name: .customLong("ready"), help: ArgumentHelp("A readiness probe; repeat for more.", valueName: "probe"))
    var probes: [String] = []

    @Option(help: ArgumentHelp("Hard cap on the start.", valueName: "duration"))
    var startupBudget = Defaults.startupBudget.humanReadable

    @Option(
        help: ArgumentHelp(
            "Fail the start after this long without output, CPU, I/O, probe or notify progress.", valueName: "duration")
    )
    var progressTimeout: String?

    @Option(
        help: ArgumentHelp(
            "How long one attempt of a tcp, http, redis, postgres, grpc or exec probe may take.", valueName: "duration")
    )
    var probeTimeout = Defaults.probeTimeout.humanReadable
}
