import ArgumentParser
import PunctualCore
import PunctualProbes

#if !os(Windows)
    import PunctualSystem
#endif

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Ask one probe once: exit 0 when it passes, 1 when it does not, with one line saying why.",
        discussion: """
            Any probe run --ready takes that can be asked (tcp:, http://, https://, redis://, postgres://, \
            grpc://, exec:, file:), asked once within --timeout. Made for a container's HEALTHCHECK, \
            so that no curl or redis-cli is needed in the image, and for trying a probe by hand before \
            putting it in a service file.

            EXIT STATUS: 0 passed; 1 did not pass (down, not ready, refused login, past --timeout); 64 \
            for a probe that is not one, or one that is told rather than asked (log:, notify).

            EXAMPLES:
              punctual probe http://127.0.0.1:8081/readyz
              punctual probe redis://127.0.0.1:6379 --timeout 2s
              HEALTHCHECK --interval=10s --start-period=5m CMD ["punctual", "probe", "http://127.0.0.1:8081/readyz"]
            """)

    static let example = "punctual probe http://127.0.0.1:8081/readyz"

    @Argument(help: ArgumentHelp("The probe, as --ready takes it.", valueName: "probe"))
    var probe: String

    @Option(help: ArgumentHelp("How long the attempt may take.", valueName: "duration"))
    var timeout = Defaults.probeTimeout.humanReadable

    func run() throws {
        let spec: ProbeSpec
        do {
            spec = try ProbeSpecParser.parse(probe)
        } catch {
            throw UsageError(
                message: "'\(error.text)' is not a probe: \(error.reason)",
                example: error.example.replacing("--ready", with: "punctual probe"))
        }
        let limit = try OptionParsing.duration(timeout, flag: "--timeout", example: "2s")
        #if os(Windows)
            if let reason = WindowsRunRules.unavailability(of: spec) {
                throw UsageError(message: "\(spec) cannot be asked on Windows yet: \(reason)", example: Self.example)
            }
            let environment: [String] = []
        #else
            let environment = currentEnvironment()
        #endif
        guard let check = makePolledProbe(spec, environment: environment) else {
            throw UsageError(
                message:
                    "\(spec) is told by the program, not asked: punctual probe asks tcp:, http://, https://, redis://, postgres://, grpc://, exec: or file:",
                example: Self.example)
        }
        let result = check.check(timeout: limit)
        print("\(spec): \(result.passed ? "passed" : "not passed"): \(result.detail)")
        throw ArgumentParser.ExitCode(result.passed ? 0 : 1)
    }
}
