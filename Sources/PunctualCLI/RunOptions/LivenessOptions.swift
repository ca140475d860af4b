import ArgumentParser
import PunctualCore
import PunctualRuntime

/// `punctual run`'s options for after ready: the liveness checks.
struct LivenessOptions: ParsableArguments {
    @Option(
        name: .customLong("live"),
        help: ArgumentHelp(
            "A liveness check after ready (tcp:, http://, redis://, postgres://, grpc://, exec:); repeat for more.",
            valueName: "probe"))
    var probes: [String] = []

    @Option(
        name: .customLong("live-every"),
        help: ArgumentHelp("Time between two rounds of liveness checks.", valueName: "duration"))
    var every = Defaults.livenessInterval.humanReadable

    @Option(
        name: .customLong("live-timeout"),
        help: ArgumentHelp("How long one liveness check may take.", valueName: "duration"))
    var timeout = Defaults.probeTimeout.humanReadable

    @Option(
        name: .customLong("live-failures"),
        help: ArgumentHelp("Failures in a row of one check that make the program unhealthy.", valueName: "count"))
    var failures = Defaults.livenessFailures

    /// The settings, checked.
    func settings() throws(UsageError) -> LivenessSettings {
        var settings = LivenessSettings(
            every: try OptionParsing.duration(every, flag: "--live-every", example: "10s"),
            timeout: try OptionParsing.duration(timeout, flag: "--live-timeout", example: "2s"),
            failures: failures)
        guard (1...1000).contains(failures) else {
            throw UsageError(
                message: "--live-failures \(failures) is not between 1 and 1000", example: "--live-failures 3")
        }
        for text in probes {
            let probe = try OptionParsing.probe(text, flag: "--live")
            guard probe.canBeAskedAgain else {
                throw UsageError(
                    message:
                        "--live '\(text)' cannot be asked again after ready: a liveness check is tcp:, http://, redis://, postgres://, grpc:// or exec:",
                    example: "--live http://127.0.0.1:8080/healthz")
            }
            settings.probes.append(probe)
        }
        return settings
    }
}
