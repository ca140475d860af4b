#if os(Windows)
    import CPunctualWindows
    import Logging
    import PunctualCore

    /// A swift-log handler that writes punctual's notices, warnings and errors to the Windows Event
    /// Log under the service's registered source; ``EventLogRecord`` decides what goes there.
    package struct EventLogHandler: LogHandler {
        package var logLevel: Logger.Level = .notice
        package var metadata: Logger.Metadata = [:]
        private let source: String

        /// A handler reporting as `source` (registered by `punctual install`).
        package init(source: String) { self.source = source }

        package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        package func log(event: LogEvent) {
            guard
                let record = EventLogRecord(level: LogLevel(event.level), message: "\(event.message)", service: source)
            else { return }
            let source = Array(source.utf16) + [0]
            let message = Array(record.message.utf16) + [0]
            _ = punctual_event_report(source, record.type, record.eventID, message)
        }
    }
#endif
