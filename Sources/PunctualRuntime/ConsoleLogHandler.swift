#if !os(Windows)
    import Logging
    import PunctualCore

    /// A swift-log handler that writes through the ``Console``.
    package struct ConsoleLogHandler: LogHandler {
        package var logLevel: Logger.Level
        package var metadata: Logger.Metadata = [:]
        private let console: Console

        package init(console: Console, level: Logger.Level) {
            self.console = console
            self.logLevel = level
        }

        package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        package func log(event: LogEvent) {
            console.say(LogLevel(event.level), "\(event.message)")
        }
    }
#endif
