/// The keys a service file may hold: each flag of `punctual run` by the same name, and `command`.
package struct ServiceFileKey: Equatable, Sendable {
    /// What a key's value must be.
    package enum Kind: Equatable, Sendable {
        /// A string taken as written.
        case text
        /// A string the duration parser accepts: `"5m"`, `"1m30s"`.
        case duration
        /// A probe: `"tcp:127.0.0.1:8080"`.
        case probe
        /// A signal's name or number: `"INT"`.
        case signal
        /// A whole number above zero.
        case count
        /// A port: 1 to 65535.
        case port
    }

    package let name: String
    package let kind: Kind
    /// Whether the flag may be given more than once: the key then takes an array too.
    package let repeating: Bool
    /// The key as the example of an error shows it.
    package let example: String

    package init(_ name: String, _ kind: Kind, repeating: Bool = false, example: String) {
        self.name = name
        self.kind = kind
        self.repeating = repeating
        self.example = example
    }

    /// The flag of `punctual run` the key stands for.
    package var flag: String { "--\(name)" }
}

/// The service file's keys.
package enum ServiceFileKeys {
    /// The program and its arguments: `command = ["./server", "--port", "8080"]`.
    package static let command = "command"

    /// The keys of `punctual run`'s flags, in its help's order.
    package static let run: [ServiceFileKey] = [
        ServiceFileKey("ready", .probe, repeating: true, example: "ready = [\"tcp:127.0.0.1:8080\"]"),
        ServiceFileKey("startup-budget", .duration, example: "startup-budget = \"5m\""),
        ServiceFileKey("progress-timeout", .duration, example: "progress-timeout = \"60s\""),
        ServiceFileKey("probe-timeout", .duration, example: "probe-timeout = \"2s\""),
        ServiceFileKey("live", .probe, repeating: true, example: "live = [\"http://127.0.0.1:8080/healthz\"]"),
        ServiceFileKey("live-every", .duration, example: "live-every = \"10s\""),
        ServiceFileKey("live-timeout", .duration, example: "live-timeout = \"1s\""),
        ServiceFileKey("live-failures", .count, example: "live-failures = 3"),
        ServiceFileKey("health-port", .port, example: "health-port = 8081"),
        ServiceFileKey("health-host", .text, example: "health-host = \"0.0.0.0\""),
        ServiceFileKey("stop-signal", .signal, example: "stop-signal = \"INT\""),
        ServiceFileKey("stop-timeout", .duration, example: "stop-timeout = \"30s\""),
        ServiceFileKey("shutdown-delay", .duration, example: "shutdown-delay = \"5s\""),
        ServiceFileKey("log-level", .text, example: "log-level = \"debug\""),
        ServiceFileKey("log-file", .text, example: "log-file = \"/var/log/api/output.log\""),
        ServiceFileKey("log-max-size", .text, example: "log-max-size = \"10M\""),
        ServiceFileKey("log-keep", .count, example: "log-keep = 5"),
        ServiceFileKey("registry", .text, example: "registry = \"etcd://127.0.0.1:2379/services/api\""),
        ServiceFileKey("instance-id", .text, example: "instance-id = \"api-1\""),
        ServiceFileKey("registry-ttl", .duration, example: "registry-ttl = \"10s\""),
        ServiceFileKey("address", .text, example: "address = \"10.0.0.7:8080\""),
        ServiceFileKey("on-state", .text, example: "on-state = \"exec:/usr/local/bin/register-api\""),
        ServiceFileKey("on-state-timeout", .duration, example: "on-state-timeout = \"5s\""),
        ServiceFileKey("working-directory", .text, example: "working-directory = \"/srv/api\""),
        ServiceFileKey("state-dir", .text, example: "state-dir = \"/var/lib/punctual/api\""),
    ]

    /// The key named `name`.
    package static func key(named name: String) -> ServiceFileKey? {
        run.first { $0.name == name }
    }

    /// The known key closest to a mistyped one (`startup_budget`, `stop-timout`), if one is close.
    package static func suggestion(for name: String) -> String? {
        let names = run.map(\.name) + [command]
        let normalized = name.lowercased().replacing("_", with: "-")
        return names.map { ($0, editDistance(normalized, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var row = [i + 1]
            for (j, y) in b.enumerated() {
                row.append(min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = row
        }
        return previous[b.count]
    }
}
