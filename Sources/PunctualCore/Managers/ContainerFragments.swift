/// What `punctual install --manager kubernetes|docker` prints: punctual as the container's first
/// process, its health endpoints as the manager's probes, and the stop's limits.
package struct ContainerFragments: Equatable, Sendable {
    /// Where punctual is in the image.
    package static let punctualPath = "/usr/local/bin/punctual"
    /// How often the kubelet asks /livez and /readyz, and how long each answer may take.
    package static let probePeriodSeconds = 2
    package static let probeTimeoutSeconds = 2
    /// Failures of /livez in a row before the kubelet restarts the container: /livez only fails once
    /// punctual has judged the program, so a few are enough.
    package static let livenessFailures = 3

    package let name: String
    /// `run`'s options, `--`, the program and its arguments.
    package let runArguments: [String]
    package let healthPort: Int
    package let limits: ManagerLimits

    package init(name: String, runArguments: [String], healthPort: Int, limits: ManagerLimits) {
        self.name = name
        self.runArguments = runArguments
        self.healthPort = healthPort
        self.limits = limits
    }

    /// A pod spec's part (a Deployment's `spec.template.spec`): the grace period and the container.
    package func kubernetes(image: String) -> String {
        let probe = { (path: String, failures: Int) in
            [
                "      httpGet: {path: \(path), port: health}",
                "      periodSeconds: \(Self.probePeriodSeconds)",
                "      timeoutSeconds: \(Self.probeTimeoutSeconds)",
                "      failureThreshold: \(failures)",
            ]
        }
        var lines = [
            "# Made by punctual install --manager kubernetes: the part of a pod spec (a Deployment's",
            "# spec.template.spec) that runs \(name) under punctual. No startupProbe: /livez stays 200 while",
            "# the start is within its budget. No preStop hook: --shutdown-delay keeps the program serving",
            "# while /readyz fails and the endpoints drop the pod.",
            "terminationGracePeriodSeconds: \(limits.stopWaitSeconds)",
            "containers:",
            "  - name: \(JSONText.quoted(name))",
            "    image: \(JSONText.quoted(image))",
            "    command: [\(JSONText.quoted(Self.punctualPath))]",
            "    args: [\((["run"] + runArguments).map(JSONText.quoted).joined(separator: ", "))]",
            "    ports:",
            "      - name: health",
            "        containerPort: \(healthPort)",
            "    livenessProbe:",
        ]
        lines += probe("/livez", Self.livenessFailures)
        lines.append("    readinessProbe:")
        lines += probe("/readyz", 1)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The HEALTHCHECK's command: punctual asking its own /readyz, so the image needs no curl.
    private var healthCheck: [String] {
        [
            Self.punctualPath, "probe", "--timeout", "\(Self.probeTimeoutSeconds)s",
            "http://127.0.0.1:\(healthPort)/readyz",
        ]
    }

    /// A Dockerfile's last lines: punctual as PID 1, its stop signal, and its health check.
    package var dockerfile: String {
        let separator = runArguments.firstIndex(of: "--") ?? runArguments.endIndex
        let options = Array(runArguments[..<separator])
        let command = Array(runArguments[separator...].dropFirst())
        return [
            "# Made by punctual install --manager docker: the last lines of \(name)'s Dockerfile. punctual",
            "# (the static build) is PID 1: it reaps, passes signals, and stops the program's whole tree.",
            "COPY punctual \(Self.punctualPath)",
            "STOPSIGNAL SIGTERM",
            "HEALTHCHECK --interval=\(Self.probePeriodSeconds * 5)s --timeout=\(Self.probeTimeoutSeconds + 1)s "
                + "--start-period=\(limits.startupBudgetSeconds)s --retries=3 CMD \(Self.jsonArray(healthCheck))",
            "ENTRYPOINT \(Self.jsonArray([Self.punctualPath, "run"] + options + ["--"]))",
            "CMD \(Self.jsonArray(command))",
            "",
        ].joined(separator: "\n")
    }

    /// A Compose service's settings, which `docker stack deploy` reads too.
    package var compose: String {
        [
            "# Made by punctual install --manager docker: \(name)'s service for Compose or docker stack deploy.",
            "services:",
            "  \(JSONText.quoted(name)):",
            "    build: .",
            "    stop_grace_period: \(limits.stopWaitSeconds)s",
            "    healthcheck:",
            "      test: \(Self.jsonArray(["CMD"] + healthCheck))",
            "      interval: \(Self.probePeriodSeconds * 5)s",
            "      timeout: \(Self.probeTimeoutSeconds + 1)s",
            "      retries: 3",
            "      start_period: \(limits.startupBudgetSeconds)s",
            "    deploy:",
            "      update_config:",
            "        order: start-first",
            "",
        ].joined(separator: "\n")
    }

    /// `words` as a JSON array, which a Dockerfile's exec form and YAML both read.
    private static func jsonArray(_ words: [String]) -> String {
        "[\(words.map(JSONText.quoted).joined(separator: ", "))]"
    }
}
