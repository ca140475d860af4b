import ArgumentParser
import PunctualCore
import PunctualRuntime

#if !os(Windows)
    import PunctualSystem
#endif

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Check a service's description without running it: what run would refuse, and advice for its manager.",
        discussion: """
            Takes what punctual run takes: a service file (punctual check api.toml, or --config), flags, \
            or both, the flags winning. Prints the settings run would use and where each came from \
            (the file's line, the command line, or punctual's default), then advice for the manager \
            named by --manager: the limits it must allow (systemd's TimeoutStopSec, Kubernetes' \
            terminationGracePeriodSeconds, docker stop's wait), a missing probe, a missing health port.

            EXIT STATUS: 0 when run would accept it (advice is not an error); 64 with one line naming \
            the mistake (and the file's line) otherwise.

            EXAMPLES:
              punctual check api.toml
              punctual check api.toml --manager kubernetes
              punctual check --ready tcp:127.0.0.1:8080 --stop-timeout 30s -- ./server --port 8080
            """)

    @Option(
        help: ArgumentHelp(
            "The manager to advise for: systemd, kubernetes, docker or windows (default: this system's).",
            valueName: "manager"))
    var manager: String?

    @OptionGroup var service: RunCommand

    func run() throws {
        let target = try targetManager()
        let configuration = try service.makeConfiguration()
        _ = try service.output.rotation()
        _ = try service.output.level()
        _ = try service.health.endpoint()
        if target == .windows {
            if service.health.port != nil { throw HealthOptions.notOnWindows }
            if configuration.publication != nil { throw RegistryOptions.notOnWindows }
            do {
                _ = try WindowsRunRules.engineConfiguration(configuration.engine)
            } catch {
                throw UsageError(message: error.message, example: error.example)
            }
        }
        #if !os(Windows)
            if target == .native, let folder = service.workingDirectory, !ExecutableLookup.isDirectory(folder) {
                throw UsageError(
                    message: "--working-directory '\(folder)' is not a folder", example: "--working-directory /srv/app")
            }
        #endif
        let origins = (try? ServiceFileArguments(expanding: Array(CommandLine.arguments.dropFirst())))?.origins ?? [:]
        print(report(configuration, origins: origins, target: target))
    }

    private func targetManager() throws(UsageError) -> TargetManager {
        guard let manager else { return .native }
        guard let target = TargetManager(rawValue: manager.lowercased()) else {
            throw UsageError(
                message: "--manager '\(manager)' is not one punctual knows (systemd, kubernetes, docker, windows)",
                example: "--manager kubernetes")
        }
        return target
    }

    /// The settings and the advice, as printed.
    private func report(_ configuration: RunConfiguration, origins: [String: String], target: TargetManager)
        -> String
    {
        var lines = ["punctual run would accept this service: \(configuration.command.joined(separator: " "))"]
        let givenHere = Set(
            CommandLine.arguments.prefix { $0 != "--" }.filter { $0.hasPrefix("--") }.map { $0.prefix { $0 != "=" } })
        let width = (ServiceFileKeys.run.map(\.name.count).max() ?? 0) + 2
        for (key, values) in service.settings {
            let flag = "--\(key)"
            let origin =
                origins[flag]
                ?? (givenHere.contains(Substring(flag)) ? "command line" : values.isEmpty ? "unset" : "default")
            let shown = values.isEmpty ? "-" : values.joined(separator: ", ")
            lines.append("  \(key.padding(to: width))\(shown.padding(to: 34)) \(origin)")
        }
        let advice = ManagerAdvice.advice(for: service.managerFacts(configuration), manager: target)
        lines.append("advice for \(target.rawValue):")
        lines += advice.isEmpty ? ["  none"] : advice.map { "  - \($0)" }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The text followed by spaces up to `width` characters, and one space when it is longer.
    fileprivate func padding(to width: Int) -> String {
        count < width ? self + String(repeating: " ", count: width - count) : self + " "
    }
}
