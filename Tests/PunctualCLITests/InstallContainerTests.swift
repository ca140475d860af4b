import FoundationEssentials
import Glibc
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("punctual install --manager kubernetes|docker: what to add, checked by the managers' own schemas")
struct InstallContainerTests {
    /// Checks a pod spec's YAML against the Kubernetes API's models (the official Python client's
    /// V1PodSpec and the models under it): every field known to its model, of its model's type, and
    /// the required ones present. Prints "ok" or what is wrong.
    static let podSpecCheck = """
        import sys, yaml
        from kubernetes import client
        def check(value, kind, path):
            if kind.lower().startswith("list["):
                assert isinstance(value, list), f"{path}: not a list"
                for i, item in enumerate(value): check(item, kind[5:-1], f"{path}[{i}]")
            elif kind.lower().startswith("dict["):
                assert isinstance(value, dict), f"{path}: not a map"
                for key, item in value.items(): check(item, kind[5:-1].split(", ", 1)[1], f"{path}.{key}")
            elif kind == "str": assert isinstance(value, str), f"{path}: not a string"
            elif kind == "int": assert isinstance(value, int) and not isinstance(value, bool), f"{path}: not an int"
            elif kind == "bool": assert isinstance(value, bool), f"{path}: not a bool"
            elif kind == "object": assert isinstance(value, (int, str)), f"{path}: not an int or a string"
            else:
                model = getattr(client, kind)
                assert isinstance(value, dict), f"{path}: not an object"
                fields = {json: name for name, json in model.attribute_map.items()}
                for key, item in value.items():
                    assert key in fields, f"{path}.{key}: not a field of {kind}"
                    check(item, model.openapi_types[fields[key]], f"{path}.{key}")
        try:
            spec = yaml.safe_load(sys.stdin)
            check(spec, "V1PodSpec", "spec")
            client.ApiClient()._ApiClient__deserialize(spec, "V1PodSpec")
            print("ok")
        except (AssertionError, ValueError) as error:
            print(error)
        """

    private static func checkPodSpec(_ yaml: String) throws -> String {
        let folder = try makeTemporaryDirectory("pod")
        defer { removeFlatDirectory(folder) }
        let path = "\(folder)/spec.yaml"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0 && write(fd, yaml, yaml.utf8.count) == yaml.utf8.count)
        close(fd)
        let result = try PunctualProcess(
            ["-c", "import sys; sys.stdin = open(sys.argv[1]); exec(sys.argv[2])", path, Self.podSpecCheck],
            program: python3
        ).finish()
        return trimmed(result.stdout + result.stderr)
    }

    /// The words of a JSON array written on `line` after `prefix`.
    private static func jsonArray(in text: String, after prefix: String) throws -> [String] {
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(prefix) })
        return try JSONDecoder().decode([String].self, from: Data(line.dropFirst(prefix.count).utf8))
    }

    @Test("kubernetes: a pod spec the API's models accept, with punctual's endpoints as its probes")
    func kubernetes() throws {
        let result = try PunctualProcess.run([
            "install", "api", "--manager", "kubernetes", "--image", "registry.example/api:1.4", "--ready",
            "tcp:127.0.0.1:8080", "--stop-timeout", "40s", "--shutdown-delay", "5s", "--", "/app/server", "--greeting",
            "say \"hi\"",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(try Self.checkPodSpec(result.stdout) == "ok", "\(result.stdout)")
        let args = try Self.jsonArray(in: result.stdout, after: "    args: ")
        #expect(
            args == [
                "run", "--ready", "tcp:127.0.0.1:8080", "--stop-timeout", "40s", "--shutdown-delay", "5s",
                "--health-port", "8081", "--health-host", "0.0.0.0", "--", "/app/server", "--greeting", "say \"hi\"",
            ])
        for line in [
            "terminationGracePeriodSeconds: 50", "      httpGet: {path: /livez, port: health}",
            "      httpGet: {path: /readyz, port: health}", "        containerPort: 8081",
        ] {
            #expect(result.stdout.contains(line), "missing \(line)")
        }
        #expect(!result.stdout.contains("    startupProbe:") && !result.stdout.contains("    lifecycle:"))
    }

    @Test("the schema check itself refuses a field the API does not have and a missing required one")
    func schemaCheckCanFail() throws {
        let unknown =
            "containers:\n  - name: api\n    image: x\n    livenessProbe:\n      httpGet: {path: /livez, port: 8081, host2: x}\n"
        #expect(try Self.checkPodSpec(unknown).contains("host2: not a field of V1HTTPGetAction"))
        #expect(try Self.checkPodSpec("containers:\n  - image: x\n").contains("name"))
        #expect(try Self.checkPodSpec("terminationGracePeriodSeconds: \"40\"\ncontainers: []\n").contains("not an int"))
    }

    @Test("kubernetes: the pod spec's own probes and grace, run by the emulated kubelet, let a slow start become Ready")
    func kubernetesUnderTheKubelet() throws {
        let port = try LoopbackPort.unused()
        let health = try LoopbackPort.unused()
        let result = try PunctualProcess.run([
            "install", "api", "--manager", "kubernetes", "--image", "api:1", "--ready", "tcp:127.0.0.1:\(port)",
            "--health-port", "\(health)", "--", PunctualProcess.executable, "demo-app", "--port", "\(port)",
            "--init-seconds", "8",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let args = try Self.jsonArray(in: result.stdout, after: "    args: ")
        let grace = try #require(
            result.stdout.split(separator: "\n").first { $0.hasPrefix("terminationGracePeriodSeconds: ") }?.split(
                separator: " "
            ).last)
        // The kubelet asks as the spec says: every 2 s, 3 failures of /livez kill; 8 s is past that.
        let simulated = try PunctualProcess.run(
            [
                "simulate", "--manager", "kubernetes", "--liveness-probe", "http://127.0.0.1:\(health)/livez",
                "--readiness-probe", "http://127.0.0.1:\(health)/readyz", "--period", "2s", "--failure-threshold", "3",
                "--grace", "\(grace)s", "--", PunctualProcess.executable,
            ] + args, timeout: .seconds(60))
        #expect(simulated.exitCode == 0, "\(simulated.stdout)")
        #expect(simulated.stdout.contains("verdict: OK: Ready"), "\(simulated.stdout)")
        #expect(simulated.stdout.contains("with 0 restarts"), "\(simulated.stdout)")
    }

    @Test(
        "docker: a Dockerfile's exec forms and a Compose service that parse back, the health check through punctual probe"
    )
    func docker() throws {
        let result = try PunctualProcess.run([
            "install", "api", "--manager", "docker", "--ready", "http://127.0.0.1:8080/healthz", "--startup-budget",
            "2m", "--stop-timeout", "20s", "--", "/app/server", "--port", "8080",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(
            try Self.jsonArray(in: text, after: "ENTRYPOINT ")
                == [
                    "/usr/local/bin/punctual", "run", "--ready", "http://127.0.0.1:8080/healthz", "--startup-budget",
                    "2m",
                    "--stop-timeout", "20s", "--health-port", "8081", "--",
                ])
        #expect(try Self.jsonArray(in: text, after: "CMD ") == ["/app/server", "--port", "8080"])
        let healthCheck = try #require(text.split(separator: "\n").first { $0.hasPrefix("HEALTHCHECK ") })
        #expect(healthCheck.contains("--start-period=120s"))
        let command = try JSONDecoder().decode(
            [String].self, from: Data(healthCheck[healthCheck.firstRange(of: "CMD ")!.upperBound...].utf8))
        #expect(command == ["/usr/local/bin/punctual", "probe", "--timeout", "2s", "http://127.0.0.1:8081/readyz"])
        #expect(text.contains("\nSTOPSIGNAL SIGTERM\n"))
        let compose = String(text[text.firstRange(of: "services:")!.lowerBound...])
        let parsed = try PunctualProcess(
            [
                "-c",
                "import sys, yaml, json; s = yaml.safe_load(sys.argv[1])['services']['api']; print(json.dumps([s['stop_grace_period'], s['healthcheck']['test'], s['healthcheck']['start_period'], s['deploy']['update_config']['order']]))",
                compose,
            ], program: python3
        ).finish()
        #expect(
            trimmed(parsed.stdout)
                == "[\"25s\", [\"CMD\", \"/usr/local/bin/punctual\", \"probe\", \"--timeout\", \"2s\", \"http://127.0.0.1:8081/readyz\"], \"120s\", \"start-first\"]",
            "\(parsed.stdout)\(parsed.stderr)")
    }

    @Test(
        "what containers cannot use is one line, exit 64",
        arguments: [
            (["install", "api", "--manager", "kubernetes", "--", "/app/server"], "needs --image"),
            (
                [
                    "install", "api", "--manager", "kubernetes", "--image", "x", "--health-host", "127.0.0.1", "--",
                    "/s",
                ],
                "cannot be reached by the kubelet"
            ),
            (
                ["install", "api", "--manager", "docker", "--account", "api", "--", "/s"],
                "--account means nothing to docker"
            ),
            (["install", "api", "--manager", "docker", "--socket", "80", "--", "/s"], "--socket is systemd's"),
            (["install", "api", "--image", "x", "--dry-run", "--", "/s"], "--image is for --manager kubernetes"),
        ])
    func mistakes(arguments: [String], expected: String) throws {
        let result = try PunctualProcess.run(arguments)
        #expect(result.exitCode == 64)
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(expected), "\(result.stderr)")
    }
}

/// `text` without the white space around it.
private func trimmed(_ text: String) -> String {
    String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
}
