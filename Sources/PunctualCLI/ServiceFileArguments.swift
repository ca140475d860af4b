import PunctualCore
import PunctualProbes

/// `--config FILE`: the service file's settings become the flags they name, before the command line
/// is parsed; a flag given on the command line wins over the file's key of the same name.
struct ServiceFileArguments {
    /// The commands that take `--config`.
    static let commands: Set<String> = ["run", "check"]
    static let largestFile = 1 << 20

    /// The arguments to parse: the file's flags first, then the command line's.
    let arguments: [String]
    /// Where each flag the file gave came from: `--startup-budget` → `api.toml:4`.
    let origins: [String: String]

    /// Reads the service file `arguments` name, if any.
    init(expanding given: [String]) throws(UsageError) {
        var arguments = given
        // `punctual check api.toml`: the file as check's first argument.
        if arguments.first == "check", arguments.count > 1, !arguments[1].hasPrefix("-") {
            arguments.insert("--config", at: 1)
        }
        let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
        guard let name = arguments.first, Self.commands.contains(name),
            let path = Self.configPath(in: arguments[1..<end])
        else {
            self.arguments = arguments
            origins = [:]
            return
        }
        let options = arguments[1..<end]
        let file = try Self.read(path)
        let given = Set(options.filter { $0.hasPrefix("--") }.map { String($0.prefix { $0 != "=" }) })
        var fromFile: [String] = []
        var origins: [String: String] = [:]
        for setting in file.settings where !given.contains(setting.key.flag) {
            for value in setting.values { fromFile += [setting.key.flag, value] }
            origins[setting.key.flag] = "\(path):\(setting.line)"
        }
        var expanded = [name] + fromFile + arguments[1...]
        // The file's command unless one follows `--`.
        if end + 1 >= arguments.endIndex, let command = file.command {
            expanded += (end == arguments.endIndex ? ["--"] : []) + command.arguments
        }
        self.arguments = expanded
        self.origins = origins
    }

    /// The file named by `--config FILE` or `--config=FILE`.
    private static func configPath(in options: ArraySlice<String>) -> String? {
        for (index, option) in zip(options.indices, options) {
            if option == "--config" { return index + 1 < options.endIndex ? options[index + 1] : nil }
            if option.hasPrefix("--config=") { return String(option.dropFirst("--config=".count)) }
        }
        return nil
    }

    private static func read(_ path: String) throws(UsageError) -> ServiceFile {
        guard let bytes = SystemFiles.read(path, limit: largestFile + 1) else {
            throw UsageError(
                message: "--config '\(path)' cannot be read", example: "--config /etc/punctual/api.toml")
        }
        guard bytes.count <= largestFile else {
            throw UsageError(
                message: "--config '\(path)' is larger than 1 MiB: a service file is a few lines",
                example: "--config /etc/punctual/api.toml")
        }
        do {
            return try ServiceFile(
                ServiceFileDocument.parse(String(decoding: bytes, as: UTF8.self)),
                environment: SystemFiles.environmentValue)
        } catch {
            throw UsageError(message: error.located(in: path), example: error.example)
        }
    }

    /// A mistake about a flag the file gave, told with the file's line: `api.toml:4: --log-level …`.
    func locate(_ message: String) -> String {
        guard let origin = origins.first(where: { message.hasPrefix("\($0.key) ") })?.value else { return message }
        return "\(origin): \(message)"
    }
}
