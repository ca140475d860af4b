import PunctualCore
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("punctual install, uninstall, start, stop, status on a system without the SCM or systemd")
struct InstallCommandTests {
    @Test("--dry-run prints the plan: punctual run with the run options, recovery on, every setting named")
    func dryRun() throws {
        let result = try PunctualProcess.run([
            "install", "api", "--manager", "windows", "--start", "delayed-auto", "--account", "virtual", "--depends-on",
            "Tcpip",
            "--depends-on", "Dnscache", "--description", "The API", "--preshutdown-timeout", "3m",
            "--on-failure", "restart/10s,none", "--ready", "log:Listening on", "--stop-timeout", "30s",
            "--dry-run", "--", "C:\\Program Files\\api\\api.exe", "--port", "8080",
        ])
        #expect(result.exitCode == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "name: api")
        #expect(
            lines.contains {
                $0.hasPrefix("command line: ")
                    && $0.hasSuffix(
                        " run --ready \"log:Listening on\" --stop-timeout 30s --working-directory \"C:\\Program Files\\api\""
                            + " -- \"C:\\Program Files\\api\\api.exe\" --port 8080"
                    )
            })
        for expected in [
            "start: delayed-auto", "account: NT SERVICE\\api", "dependencies: Tcpip, Dnscache", "description: The API",
            "on failure: restart/10s, none/0ms, reset after 24h",
            "recovery also when the service stops with an error: yes",
            "preshutdown timeout: 3m",
            "child's output: %ProgramData%\\punctual\\api\\output.log, rotated; punctual's notices: the Event Log, source api",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
    }

    @Test("Windows takes the same service file: the service runs punctual run --config with the file's full path")
    func windowsFromFile() throws {
        let folder = try makeTemporaryDirectory("windows")
        defer { removeFlatDirectory(folder) }
        try FileDescriptorIO.replaceFile(
            "\(folder)/api.toml", with: "command = [\"C:\\\\api\\\\api.exe\"]\nready = [\"tcp:127.0.0.1:8080\"]\n")
        let result = try PunctualProcess.run([
            "install", "api", "--manager", "windows", "--config", "\(folder)/api.toml", "--dry-run",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(
            result.stdout.split(separator: "\n").contains {
                $0.hasPrefix("command line: ")
                    && $0.hasSuffix(" run --config \(folder)/api.toml --working-directory C:\\api")
            }, "\(result.stdout)")
    }

    @Test(
        "a mistake gets one line naming it, with an example, and exit 64",
        arguments: [
            (
                ["install", "api", "--manager", "windows", "--dry-run"],
                "no command given: put the program to run after --"
            ),
            (
                ["install", "api", "--manager", "windows", "--ready", "bogus", "--dry-run", "--", "x.exe"],
                "--ready 'bogus'"
            ),
            (
                ["install", "api", "--manager", "windows", "--health-port", "8081", "--dry-run", "--", "x.exe"],
                "--health-port is not available on Windows yet"
            ),
            (
                [
                    "install", "api", "--manager", "windows", "--registry", "etcd://127.0.0.1:2379/s", "--dry-run",
                    "--", "x.exe",
                ],
                "--registry and --on-state are not available on Windows yet"
            ),
            (
                ["install", "api", "--manager", "windows", "--start", "sometimes", "--dry-run", "--", "x.exe"],
                "--start 'sometimes' is not a start type"
            ),
            (
                ["install", "api", "--manager", "windows", "--account", ".\\svc", "--dry-run", "--", "x.exe"],
                "needs --password"
            ),
            (
                ["install", "a/b", "--manager", "windows", "--dry-run", "--", "x.exe"],
                "a service name cannot contain / or \\"
            ),
            (
                ["install", "api", "--manager", "windows", "--on-failure", "respawn", "--dry-run", "--", "x.exe"],
                "--on-failure 'respawn'"
            ),
            (
                ["install", "api", "--manager", "windows", "--on-failure", "run/1m", "--dry-run", "--", "x.exe"],
                "no --failure-command"
            ),
            (
                ["install", "api", "--manager", "windows", "--ready", "notify", "--dry-run", "--", "x.exe"],
                "--ready notify is not available on Windows"
            ),
            (
                ["install", "api", "--manager", "windows", "--stop-signal", "INT", "--dry-run", "--", "x.exe"],
                "--stop-signal SIGINT has no meaning on Windows"
            ),
            (
                ["install", "api", "--manager", "windows", "--", "x.exe"],
                "install needs the Windows Service Control Manager"
            ),
            (["status", "api"], "systemd is not this system's manager"),
            (["start", "api"], "systemd is not this system's manager"),
            (["install", "api", "--", "/bin/true"], "systemd is not this system's manager"),
            (["install", "api", "--manager", "nomad", "--", "x"], "--manager 'nomad' is not one punctual knows"),
            (["install", "api", "--on-failure", "none", "--dry-run", "--", "x"], "--on-failure is windows's"),
            (
                ["install", "api", "--manager", "windows", "--group", "g", "--dry-run", "--", "x"],
                "--group is systemd's"
            ),
            (["install", "a b", "--dry-run", "--", "x"], "a systemd unit name has only letters"),
            (["install", "api", "--start", "delayed-auto", "--dry-run", "--", "x"], "not one systemd has"),
            (["install", "api", "--user", "--account", "api", "--dry-run", "--", "x"], "a --user unit runs as you"),
            (
                ["install", "api", "--environment", "MODE", "--dry-run", "--", "x"],
                "--environment 'MODE' is not NAME=VALUE"
            ),
            (["install", "api", "--dry-run"], "no command given"),
        ])
    func mistakes(arguments: [String], expected: String) throws {
        let result = try PunctualProcess.run(arguments)
        #expect(result.exitCode == 64)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(expected) == true, "\(result.stderr)")
    }
}
