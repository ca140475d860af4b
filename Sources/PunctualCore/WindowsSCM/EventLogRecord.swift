/// One of punctual's own messages as a Windows Event Log entry: which messages go there, with
/// which type and event ID. The Event Log is for what an administrator acts on, so only notices,
/// warnings and errors; the rest stays in punctual's own log.
package struct EventLogRecord: Sendable, Equatable {
    /// `EVENTLOG_ERROR_TYPE` (1), `EVENTLOG_WARNING_TYPE` (2) or `EVENTLOG_INFORMATION_TYPE` (4).
    package let type: UInt16
    /// 1000 for notices (started, ready, stopped), 2000 for warnings, 3000 for errors: a filter in
    /// Event Viewer can pick each.
    package let eventID: UInt32
    /// The message, as punctual logged it, prefixed with the service's name.
    package let message: String

    /// The entry for a message at `level`, or nil when that level stays out of the Event Log.
    package init?(level: LogLevel, message: String, service: String) {
        switch level {
        case .debug, .info: return nil
        case .notice: (type, eventID) = (4, 1000)
        case .warning: (type, eventID) = (2, 2000)
        case .error: (type, eventID) = (1, 3000)
        }
        self.message = "\(service): \(message)"
    }
}
