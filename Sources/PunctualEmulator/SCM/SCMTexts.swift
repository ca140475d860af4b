/// The words Windows uses for the errors and events the emulated SCM produces.
enum SCMTexts {
    static func error(_ code: Int) -> String {
        switch code {
        case 1053: "The service did not respond to the start or control request in a timely fashion."
        case 1061: "The service cannot accept control messages at this time."
        case 1066: "The service has returned a service-specific error code."
        case 1067: "The process terminated unexpectedly."
        default: "Error \(code)."
        }
    }

    static func event7000(_ service: String, error: Int) -> String {
        "7000: The \(service) service failed to start due to the following error: \(Self.error(error))"
    }

    static func event7009(_ service: String, milliseconds: Int64) -> String {
        "7009: Timeout (\(milliseconds) milliseconds) waiting for the \(service) service to connect."
    }

    static func event7011(_ service: String, milliseconds: Int64) -> String {
        "7011: Timeout (\(milliseconds) milliseconds) waiting for a transaction response from the \(service) service."
    }

    static func event7022(_ service: String) -> String { "7022: The \(service) service hung on starting." }

    static func event7023(_ service: String, error: UInt32) -> String {
        "7023: The \(service) service terminated with the following error: \(Self.error(Int(error)))"
    }

    static func event7024(_ service: String, specific: UInt32) -> String {
        "7024: The \(service) service terminated with the following service-specific error: \(specific)"
    }

    static func event7031(_ service: String, times: Int, delay: Duration) -> String {
        "7031: The \(service) service terminated unexpectedly. It has done this \(times) time(s). The following"
            + " corrective action will be taken in \(delay.milliseconds) milliseconds: Restart the service."
    }

    static func event7034(_ service: String, times: Int) -> String {
        "7034: The \(service) service terminated unexpectedly. It has done this \(times) time(s)."
    }
}
