#if !os(Windows)
    import Logging
    import PunctualCore

    /// A swift-log handler that writes through the ``Console``.
    public struct ConsoleLogHandler: LogHandler {
        public var logLevel: Logger.Level
        public var metadata: Logger.Metadata = [:]
        private let console: Console

        public init(console: Console, level: Logger.Level) {
            self.console = console
            self.logLevel = level
        }

        public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        public func log(event: LogEvent) {
            console.say(LogLevel(event.level), "\(event.message)")
        }
    }
#endif
