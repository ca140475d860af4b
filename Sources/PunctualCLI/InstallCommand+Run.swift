import PunctualCore
import PunctualRuntime

#if canImport(Glibc)
    import Glibc
#endif

extension InstallCommand {
    /// The `punctual run` a service runs: the options given to install (a service file's path made
    /// absolute, so the service finds it from anywhere), the command after `--` (empty when the file
    /// gives it), and all of it checked as `run` would take it, the file's settings included.
    struct ServiceRun {
        let options: [String]
        let command: [String]
        /// The whole `run` with the file's settings written out as flags and without `--config`:
        /// for an image or a pod spec, which carry no file.
        let selfContained: [String]
        let run: RunCommand
        let configuration: RunConfiguration
    }

    func checkedRun() throws(UsageError) -> ServiceRun {
        let separator = runAndCommand.firstIndex(of: "--")
        let command = separator.map { Array(runAndCommand[($0 + 1)...]) } ?? []
        var options: [String] = []
        var rest = runAndCommand[..<(separator ?? runAndCommand.endIndex)].makeIterator()
        while let option = rest.next() {
            if option == "--config", let path = rest.next() {
                options += ["--config", Self.absolute(path)]
            } else if option.hasPrefix("--config=") {
                options += ["--config", Self.absolute(String(option.dropFirst("--config=".count)))]
            } else {
                options.append(option)
            }
        }
        let expansion = try ServiceFileArguments(
            expanding: ["run"] + options + (command.isEmpty ? [] : ["--"] + command))
        let run: RunCommand
        do {
            run = try RunCommand.parse(Array(expansion.arguments.dropFirst()))
        } catch {
            let message = RunCommand.message(for: error).split(separator: "\n").first.map(String.init)
            throw UsageError(message: expansion.locate(message ?? "a run option is wrong"), example: Self.example)
        }
        var selfContained: [String] = []
        var expanded = expansion.arguments.dropFirst().makeIterator()
        while let argument = expanded.next() {
            if argument == "--config" {
                _ = expanded.next()
            } else if !argument.hasPrefix("--config=") {
                selfContained.append(argument)
            }
            if argument == "--" {
                while let word = expanded.next() { selfContained.append(word) }
            }
        }
        do throws(UsageError) {
            return ServiceRun(
                options: options, command: command, selfContained: selfContained, run: run,
                configuration: try run.makeConfiguration())
        } catch {
            throw UsageError(message: expansion.locate(error.message), example: error.example)
        }
    }

    /// `path` from the current folder, on Linux; Windows paths are taken as given.
    private static func absolute(_ path: String) -> String {
        #if canImport(Glibc)
            guard !path.hasPrefix("/"), let folder = getcwd(nil, 0) else { return path }
            defer { free(folder) }
            return "\(String(cString: folder))/\(path)"
        #else
            return path
        #endif
    }
}
