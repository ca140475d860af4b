import Glibc
import PunctualCore
import PunctualTestSupport
import Testing

@Suite("punctual run --config and punctual check: one service file, every flag a key")
struct ServiceFileRunTests {
    /// Writes `text` to a new service file; the caller removes the folder.
    private static func serviceFile(_ text: String) throws -> (folder: String, path: String) {
        let folder = try makeTemporaryDirectory("config")
        let path = "\(folder)/api.toml"
        let written = text.withCString { pointer in
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            defer { close(fd) }
            return fd >= 0 && write(fd, pointer, strlen(pointer)) == strlen(pointer)
        }
        #expect(written)
        return (folder, path)
    }

    @Test("every flag of punctual run has a key of the same name and kind, and every key a flag")
    func flagsAreKeys() throws {
        let help = try PunctualProcess.run(["run", "--help"]).stdout
        let kinds: [String: ServiceFileKey.Kind] = [
            "duration": .duration, "probe": .probe, "count": .count, "port": .port, "signal": .signal,
        ]
        var flags: [(name: String, kind: ServiceFileKey.Kind)] = []
        for line in help.split(separator: "\n") where line.hasPrefix("  --") {
            let words = line.dropFirst(4).split(separator: " ")
            guard let name = words.first, !["config", "version"].contains(String(name)) else { continue }
            let valueName = words.dropFirst().first.map { String($0.dropFirst().dropLast()) } ?? ""
            flags.append((String(name), kinds[valueName] ?? .text))
        }
        #expect(flags.map(\.name) == ServiceFileKeys.run.map(\.name))
        #expect(flags.map(\.kind) == ServiceFileKeys.run.map(\.kind))
        #expect(help.contains("SERVICE FILE"))
    }

    @Test("every key round-trips: the file's value is the one run would use, its line named")
    func roundTrip() throws {
        let workingFolder = try makeTemporaryDirectory("work")
        defer { removeFlatDirectory(workingFolder) }
        var lines = ["command = [\"./server\", \"--port\", \"8080\"]"]
        var expected: [(key: String, shown: String)] = []
        for key in ServiceFileKeys.run {
            let line =
                key.name == "working-directory"
                ? "working-directory = \"\(workingFolder)\""
                : key.repeating ? key.example.replacing("]", with: ", \"exec:true\"]") : key.example
            lines.append(line)
            let written = try ServiceFileDocument.parse(line).entries[0].value
            let values: [String] =
                switch written {
                case .list(let items): items.compactMap { if case .text(let text) = $0 { text } else { nil } }
                case .text(let text): [text]
                case .integer(let number): [String(number)]
                case .boolean(let flag): [String(flag)]
                }
            expected.append((key.name, values.joined(separator: ", ")))
        }
        let file = try Self.serviceFile(lines.joined(separator: "\n") + "\n")
        defer { removeFlatDirectory(file.folder) }
        let result = try PunctualProcess.run(["check", file.path, "--manager", "kubernetes"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("punctual run would accept this service: ./server --port 8080"))
        for (index, entry) in expected.enumerated() {
            let row = result.stdout.split(separator: "\n").first { $0.hasPrefix("  \(entry.key) ") }
            let words = row.map { $0.split(separator: " ", omittingEmptySubsequences: true) } ?? []
            #expect(
                row?.contains(" \(entry.shown) ") == true && words.last.map(String.init) == "\(file.path):\(index + 2)",
                "\(entry.key): \(row ?? "missing")")
        }
    }

    @Test("a flag on the command line wins over the file's key; a command after -- over the file's")
    func commandLineWins() throws {
        let file = try Self.serviceFile(
            """
            command = ["./server"]
            ready = ["tcp:127.0.0.1:8080", "file:/run/api/ready"]
            stop-timeout = "30s"
            """)
        defer { removeFlatDirectory(file.folder) }
        let result = try PunctualProcess.run(
            ["check", "--config=\(file.path)", "--ready", "tcp:127.0.0.1:9090", "--", "./other", "--flag"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n")
        #expect(result.stdout.contains("would accept this service: ./other --flag"))
        #expect(
            rows.contains {
                $0.hasPrefix("  ready ") && $0.contains("tcp:127.0.0.1:9090 ") && $0.hasSuffix("command line")
            })
        #expect(!result.stdout.contains("file:/run/api/ready"))
        #expect(rows.contains { $0.hasPrefix("  stop-timeout ") && $0.hasSuffix("\(file.path):3") })
    }

    @Test("punctual run --config runs the file's command with its probes")
    func runFromFile() throws {
        let tag = uniqueTag()
        let file = try Self.serviceFile(
            """
            # a program that is ready when it says so
            command = ["sh", "-c", "echo '\(tag) up'; sleep 0.2"]
            ready = ["log:\(tag) up"]
            startup-budget = "${BUDGET}"
            """)
        defer { removeFlatDirectory(file.folder) }
        let result = try PunctualProcess.run(["run", "--config", file.path], environment: ["BUDGET": "20s"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("waiting for log:\(tag) up, budget 20s"), "\(result.stderr)")
        #expect(result.stderr.contains("ready after"), "\(result.stderr)")
    }

    @Test(
        "a mistake in the file: one line with the file, the line and the key, exit 64",
        arguments: [
            (
                "command = [\"true\"]\nstartup_budget = \"5m\"",
                ":2: startup_budget: unknown key (did you mean startup-budget?)"
            ),
            ("command = [\"true\"]\nstop-timeout = 30", ":2: stop-timeout: a duration is a string with its unit"),
            ("startup-budget = \"5x\"\ncommand = [\"true\"]", ":1: startup-budget: '5x' is not a duration"),
            ("log-file = \"/var/log\ncommand = [\"true\"]", ":1: log-file: the string is not closed"),
            ("command = [\"true\"]\n\nlog-level = \"loud\"", ":3: --log-level 'loud' is not a level"),
            ("command = [\"true\"]\nlive-failures = 5000", ":2: --live-failures 5000 is not between 1 and 1000"),
        ])
    func mistakes(text: String, expected: String) throws {
        let file = try Self.serviceFile(text)
        defer { removeFlatDirectory(file.folder) }
        for command in ["run", "check"] {
            let result = try PunctualProcess.run([command, "--config", file.path])
            #expect(result.exitCode == 64)
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("punctual \(command): \(file.path)\(expected)"), "\(result.stderr)")
            #expect(result.stderr.contains("for example: "), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("a file that cannot be read, and a manager punctual does not know: one line, exit 64")
    func unreadable() throws {
        let missing = try PunctualProcess.run(["check", "/nonexistent/api.toml"])
        #expect(missing.exitCode == 64)
        #expect(missing.stderr.contains("--config '/nonexistent/api.toml' cannot be read"))
        let manager = try PunctualProcess.run(["check", "--manager", "nomad", "--", "./server"])
        #expect(manager.exitCode == 64)
        #expect(manager.stderr.contains("--manager 'nomad' is not one punctual knows"))
    }

    @Test("advice names each manager's limit from the stop timeout and shutdown delay")
    func advice() throws {
        let base = ["check", "--ready", "tcp:127.0.0.1:8080", "--stop-timeout", "1m", "--shutdown-delay", "5s"]
        let systemd = try PunctualProcess.run(base + ["--manager", "systemd", "--", "./server"])
        #expect(systemd.stdout.contains("TimeoutStopSec=70s or more"), "\(systemd.stdout)")
        let kubernetes = try PunctualProcess.run(base + ["--manager", "kubernetes", "--", "./server"])
        #expect(kubernetes.stdout.contains("terminationGracePeriodSeconds: 70 or more"))
        #expect(kubernetes.stdout.contains("no health-port"))
        let docker = try PunctualProcess.run(
            base + ["--manager", "docker", "--startup-budget", "90s", "--", "./server"])
        #expect(docker.stdout.contains("--stop-timeout 70"))
        #expect(docker.stdout.contains("--start-period=90s"))
        let windows = try PunctualProcess.run(["check", "--manager", "windows", "--ready", "notify", "--", "api.exe"])
        #expect(windows.exitCode == 64)
        #expect(windows.stderr.contains("--ready notify is not available on Windows yet"))
        let noProbe = try PunctualProcess.run(["check", "--", "./server"])
        #expect(noProbe.exitCode == 0)
        #expect(noProbe.stdout.contains("no ready probe"))
    }
}
