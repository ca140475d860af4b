/// What `punctual status` prints: the SCM's view of the service, then its configuration.
package enum ServiceStatusReport {
    /// Lines for a service in `status` run by `processID` (0: none), configured as `configuration`
    /// says (the glue's `key=value` lines).
    package static func lines(status: ServiceStatus, processID: UInt32, configuration: String) -> [String] {
        var lines = ["state: \(status.state)"]
        if status.state.isPending {
            lines.append("checkpoint: \(status.checkPoint), wait hint \(status.waitHint.humanReadable)")
        }
        lines.append("pid: \(processID == 0 ? "(none)" : String(processID))")
        lines.append("accepts: \(status.controlsAccepted)")
        switch status.win32ExitCode {
        case 0: lines.append("exit: 0")
        case ServiceStatus.serviceSpecificError:
            lines.append("exit: service-specific \(status.serviceSpecificExitCode) (Win32 1066)")
        default: lines.append("exit: Win32 error \(status.win32ExitCode)")
        }
        for line in configuration.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let value = line[line.index(after: equals)...]
            lines.append("\(line[..<equals]): \(value.isEmpty ? "(none)" : value)")
        }
        return lines
    }
}
