#if os(Windows)
    import Logging
    import PunctualCore
    import PunctualRuntime

    /// `punctual run` on Windows: the SCM's service or a console program.
    enum WindowsRun {
        /// Runs the child and returns punctual's exit code.
        static func run(
            _ configuration: RunConfiguration, level: Logger.Level, logFile: String?,
            rotation: (maxBytes: UInt64, keep: UInt32)
        ) throws -> Int32 {
            var configuration = configuration
            do {
                configuration.engine = try WindowsRunRules.engineConfiguration(configuration.engine)
            } catch {
                throw UsageError(message: error.message, example: error.example)
            }
            let session = try WindowsRunSession(
                configuration: configuration,
                makeLogger: { service in
                    LoggingSystem.bootstrap { label in
                        var console = StreamLogHandler.standardError(label: label)
                        console.logLevel = level
                        // A service has no console: its notices, warnings and errors go to the Event Log.
                        guard let service else { return console }
                        return MultiplexLogHandler([console, EventLogHandler(source: service)])
                    }
                    return Logger(label: "punctual")
                },
                openOutputLog: { defaultPath in
                    try (logFile ?? defaultPath).map { path throws(UsageError) in
                        try OutputLogFile.open(path, rotation: rotation)
                    }
                })
            return session.run().exitCode
        }
    }
#endif
