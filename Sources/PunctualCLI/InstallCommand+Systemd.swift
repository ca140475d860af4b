import PunctualCore

extension InstallCommand {
    /// The systemd unit `install` writes.
    func makeSystemdUnit(executable: String) throws(UsageError) -> SystemdUnit {
        let unitName = name.hasSuffix(".service") ? String(name.dropLast(".service".count)) : name
        if let problem = SystemdUnit.problem(withName: unitName) {
            throw UsageError(message: problem, example: "punctual install api --manager systemd …")
        }
        try refuseOptions(of: .windows)
        guard start == "auto" || start == "demand" else {
            throw UsageError(
                message:
                    "--start '\(start)' is not one systemd has: auto (enabled at boot) or demand (started by hand)",
                example: "--start demand")
        }
        if user && account != nil {
            throw UsageError(
                message: "--account names the user of a system service; a --user unit runs as you",
                example: "punctual install api --account api -- /opt/api/server (as root)")
        }
        for pair in environment where !pair.contains("=") || pair.hasPrefix("=") {
            throw UsageError(
                message: "--environment '\(pair)' is not NAME=VALUE", example: "--environment API_MODE=production")
        }
        for address in socket {
            if let problem = SystemdUnit.problem(withSocket: address) {
                throw UsageError(message: "--socket: \(problem)", example: "--socket 8080 (or 127.0.0.1:8080)")
            }
        }
        let service = try checkedRun()
        _ = try service.run.output.rotation()
        _ = try service.run.output.level()
        _ = try service.run.health.endpoint()
        var unit = SystemdUnit(
            name: unitName,
            execStart: [executable, "run"] + service.options
                + (service.command.isEmpty ? [] : ["--"] + service.command),
            limits: service.configuration.managerLimits)
        let liveness = service.configuration.liveness
        if !liveness.probes.isEmpty {
            unit.watchdog = SystemdUnit.watchdog(
                every: liveness.every, timeout: liveness.timeout, failures: liveness.failures)
        }
        unit.description = description
        unit.user = account
        unit.group = group
        unit.workingDirectory = service.run.workingDirectory
        unit.environment = environment
        unit.environmentFiles = environmentFile
        unit.dependencies = dependsOn
        unit.userUnit = user
        unit.sockets = socket
        return unit
    }
}
