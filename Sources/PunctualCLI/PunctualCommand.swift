import ArgumentParser
import PunctualCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(ucrt)
    import ucrt
#endif

/// The `punctual` command line.
package struct PunctualCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "punctual",
        abstract: "Make a service start and stop on time, and tell its manager the truth.",
        discussion: """
            Try it: punctual demo
            Wrap a program: punctual run --ready tcp:127.0.0.1:8080 -- ./server --port 8080
            Describe it once: punctual check api.toml (see punctual run --help, SERVICE FILE)
            Make it a service: punctual install api --config api.toml && punctual start api
            (systemd on Linux, the SCM on Windows; --manager kubernetes or docker prints what to add)
            """,
        version: "0.1.0",
        subcommands: platformCommands + [
            CheckCommand.self, ProbeCommand.self, ExplainCommand.self, InstallCommand.self, UninstallCommand.self,
            StartCommand.self,
            StopCommand.self,
            StatusCommand.self,
        ])

    /// The commands that run programs: `simulate` and the demo use Linux's process machinery.
    #if os(Windows)
        private static let platformCommands: [any ParsableCommand.Type] = [RunCommand.self]
    #else
        private static let platformCommands: [any ParsableCommand.Type] = [
            RunCommand.self, SimulateCommand.self, DemoCommand.self, DemoAppCommand.self,
        ]
    #endif

    package init() {}

    /// Parses the arguments, runs the command and exits; a mistake gets one line and exit code 64.
    package static func main() -> Never {
        #if !os(Windows)
            // A manager's SIGABRT (systemd's watchdog) must end the process at once, as it expects; the Swift
            // runtime's crash reporter would otherwise catch it and may keep the process around.
            signal(SIGABRT, SIG_DFL)
            // A peer that went away (a closed pipe or socket) is an error to handle, not a reason to die.
            signal(SIGPIPE, SIG_IGN)
        #endif
        let given = Array(CommandLine.arguments.dropFirst())
        let expansion: ServiceFileArguments
        do {
            expansion = try ServiceFileArguments(expanding: given)
        } catch {
            reportUsage(error.description, arguments: given)
        }
        let arguments = expansion.arguments
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            terminate(0)
        } catch let code as ArgumentParser.ExitCode {
            terminate(code.rawValue)
        } catch let usage as UsageError {
            reportUsage(expansion.locate(usage.description), arguments: arguments)
        } catch let failure as ServiceFailure {
            writeToStandardError("punctual: \(failure)\n")
            terminate(1)
        } catch {
            let exitCode = exitCode(for: error)
            if exitCode == .success { self.exit(withError: error) }
            let message = expansion.locate(
                self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)")
            let command = arguments.first.flatMap { name in configuration.subcommands.first { $0._commandName == name }
            }
            let hint = command == RunCommand.self ? "; for example: \(RunCommand.example)" : ""
            let help = ["punctual", command?._commandName, "--help"].compactMap { $0 }.joined(separator: " ")
            reportUsage("\(message)\(hint) (see '\(help)')", arguments: arguments)
        }
    }

    private static func reportUsage(_ message: String, arguments: [String]) -> Never {
        let name = arguments.first.flatMap { name in
            configuration.subcommands.contains { $0._commandName == name } ? name : nil
        }
        let prefix = name.map { "punctual \($0)" } ?? "punctual"
        writeToStandardError("\(prefix): \(message)\n")
        terminate(ExitCodes.usage)
    }
}

/// Ends the process with `code` (outside the command type, whose `exit` means something else).
private func terminate(_ code: Int32) -> Never {
    exit(code)
}

/// Writes `text` to standard error at once, unbuffered.
private func writeToStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
        #if canImport(Glibc)
            _ = write(2, bytes.baseAddress, bytes.count)
        #else
            _ = _write(2, bytes.baseAddress, UInt32(bytes.count))
        #endif
    }
}
