import PunctualCore

extension InstallCommand {
    /// The health port punctual serves in a container when none is given: the manager's probes ask it.
    static let containerHealthPort = 8081

    /// What `install` prints for Kubernetes or Docker: the run written out whole (an image or a pod
    /// spec carries no service file), with health endpoints the manager can reach.
    func containerFragments(for target: TargetManager) throws(UsageError) -> ContainerFragments {
        try refuseOptions(of: .windows)
        try refuseOptions(of: .systemd)
        let extra: [(String, Bool)] = [
            ("--account", account != nil), ("--depends-on", !dependsOn.isEmpty), ("--start", start != "auto"),
        ]
        if let (flag, _) = extra.first(where: { $0.1 }) {
            throw UsageError(
                message: "\(flag) means nothing to \(target.rawValue): the container's image and spec say it",
                example: "punctual install api --manager \(target.rawValue) --config api.toml")
        }
        let service = try checkedRun()
        _ = try service.run.output.level()
        var arguments = service.selfContained
        let separator = arguments.firstIndex(of: "--") ?? arguments.endIndex
        var health: [String] = []
        let port = service.run.health.port ?? Self.containerHealthPort
        if service.run.health.port == nil { health += ["--health-port", String(port)] }
        if target == .kubernetes {
            if arguments.contains(where: { $0 == "--health-host" || $0.hasPrefix("--health-host=") }) {
                let host = service.run.health.host
                if host.hasPrefix("127.") || host == "localhost" || host == "::1" {
                    throw UsageError(
                        message: "--health-host \(host) cannot be reached by the kubelet, which asks the pod's address",
                        example: "--health-host 0.0.0.0")
                }
            } else {
                health += ["--health-host", "0.0.0.0"]
            }
        }
        arguments.insert(contentsOf: health, at: separator)
        _ = try service.run.health.endpoint()
        return ContainerFragments(
            name: name, runArguments: arguments, healthPort: port,
            limits: service.configuration.managerLimits)
    }
}
