#if !os(Windows)
    import Logging
    import PunctualRuntime
    import PunctualSystemd

    /// Sets up punctual's console and logging once per process.
    enum Bootstrap {
        static func logging(systemd: SystemdEnvironment, level: Logger.Level) -> (Console, Logger) {
            let console = Console(
                style: .detect(journalStream: systemd.journalStream, underManager: systemd.isUnderManager))
            LoggingSystem.bootstrap { _ in ConsoleLogHandler(console: console, level: level) }
            return (console, Logger(label: "punctual"))
        }
    }
#endif
