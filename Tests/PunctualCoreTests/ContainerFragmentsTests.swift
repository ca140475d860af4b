import PunctualCore
import Testing

@Suite("What install prints for Kubernetes and Docker: limits from the run settings, words quoted as JSON")
struct ContainerFragmentsTests {
    private static let fragments = ContainerFragments(
        name: "api", runArguments: ["--ready", "tcp:127.0.0.1:8080", "--health-port", "9090", "--", "/app/server"],
        healthPort: 9090,
        limits: ManagerLimits(startupBudget: .seconds(90), stopTimeout: .seconds(20), shutdownDelay: .seconds(5)))

    @Test("the pod spec's grace is stop + delay + 5 s; the probes ask /livez and /readyz on the health port")
    func kubernetes() {
        let lines = Self.fragments.kubernetes(image: "api:1").split(separator: "\n").map(String.init)
        for line in [
            "terminationGracePeriodSeconds: 30", "    image: \"api:1\"", "        containerPort: 9090",
            "      httpGet: {path: /livez, port: health}", "      failureThreshold: 3", "      failureThreshold: 1",
            "    args: [\"run\", \"--ready\", \"tcp:127.0.0.1:8080\", \"--health-port\", \"9090\", \"--\", \"/app/server\"]",
        ] {
            #expect(lines.contains(line), "missing \(line)")
        }
    }

    @Test("the Dockerfile's entry point ends at --, the program is CMD, the start period is the budget")
    func docker() {
        let lines = Self.fragments.dockerfile.split(separator: "\n").map(String.init)
        #expect(
            lines.contains(
                "ENTRYPOINT [\"/usr/local/bin/punctual\", \"run\", \"--ready\", \"tcp:127.0.0.1:8080\", \"--health-port\", \"9090\", \"--\"]"
            ))
        #expect(lines.contains("CMD [\"/app/server\"]"))
        #expect(lines.contains { $0.hasPrefix("HEALTHCHECK ") && $0.contains("--start-period=90s") })
        #expect(Self.fragments.compose.contains("    stop_grace_period: 30s\n"))
        #expect(Self.fragments.compose.contains("        order: start-first\n"))
    }

    @Test(
        "words as JSON strings, which YAML and a Dockerfile's exec form read; durations as seconds",
        arguments: [
            ("plain", "\"plain\""), ("say \"hi\"", "\"say \\\"hi\\\"\""), ("a\\b", "\"a\\\\b\""),
            ("two\nlines", "\"two\\nlines\""),
            ("bell\u{7}", "\"bell\\u0007\""), ("café", "\"café\""), ("$HOME #x: y", "\"$HOME #x: y\""),
        ])
    func quoting(word: String, quoted: String) {
        #expect(JSONText.quoted(word) == quoted)
        #expect(JSONText.seconds(.milliseconds(12_345)) == "12.345")
        #expect(JSONText.seconds(.milliseconds(-50)) == "-0.050")
    }
}
