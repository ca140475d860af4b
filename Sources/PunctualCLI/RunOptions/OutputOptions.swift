import ArgumentParser
import Logging

/// `punctual run`'s options for punctual's log and the child's output.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("debug, info, notice, warning or error.", valueName: "level"))
    var logLevel = "info"

    @Option(
        help: ArgumentHelp(
            "Write the child's output to this file instead of stderr, rotated by size, whole lines only.",
            valueName: "path"))
    var logFile: String?

    @Option(help: ArgumentHelp("Rotate --log-file past this size (K, M, G).", valueName: "size"))
    var logMaxSize = "10M"

    @Option(help: ArgumentHelp("How many rotated --log-file files to keep.", valueName: "count"))
    var logKeep = 5

    /// --log-max-size and --log-keep, checked.
    func rotation() throws(UsageError) -> (maxBytes: UInt64, keep: UInt32) {
        let maxBytes = try OptionParsing.size(logMaxSize, flag: "--log-max-size", example: "50M")
        guard (0...1000).contains(logKeep) else {
            throw UsageError(message: "--log-keep \(logKeep) is not between 0 and 1000", example: "--log-keep 5")
        }
        return (maxBytes, UInt32(logKeep))
    }

    /// --log-level, checked.
    func level() throws(UsageError) -> Logger.Level {
        let levels: [String: Logger.Level] = [
            "debug": .debug, "info": .info, "notice": .notice, "warning": .warning, "error": .error,
        ]
        guard let level = levels[logLevel.lowercased()] else {
            throw UsageError(
                message: "--log-level '\(logLevel)' is not a level (debug, info, notice, warning, error)",
                example: "--log-level debug")
        }
        return level
    }
}
