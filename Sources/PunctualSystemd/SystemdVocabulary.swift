import PunctualCore

/// How the engine's reports read in the sd_notify protocol.
package enum SystemdVocabulary {
    /// The datagram that tells systemd what `report` says.
    package static func message(for report: StatusReport) -> NotifyMessage {
        var message = NotifyMessage()
        switch report.state {
        case .ready: message.append("READY", "1")
        case .stopping: message.append("STOPPING", "1")
        case .starting, .stopped: break
        }
        message.append("STATUS", report.text)
        if let extendBy = report.extendBy {
            message.append("EXTEND_TIMEOUT_USEC", String(extendBy.microseconds))
        }
        return message
    }

    /// The watchdog keep-alive.
    package static let watchdogPing = NotifyMessage([.init("WATCHDOG", "1")])

    /// The service failed: systemd acts as if the watchdog had run out (v243+).
    package static let watchdogTrigger = NotifyMessage([.init("WATCHDOG", "trigger")])
}
