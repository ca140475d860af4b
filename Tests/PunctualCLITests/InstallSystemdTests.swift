import Glibc
import PunctualCore
import PunctualTestSupport
import Testing

@Suite("punctual install --manager systemd --dry-run: the unit, from flags or a service file, that systemd accepts")
struct InstallSystemdTests {
    /// `systemd-analyze verify` on `unit` saved as NAME.service: its exit code and everything it said.
    private static func verify(_ unit: String, name: String = "api") throws -> (exitCode: Int32, said: String) {
        let folder = try makeTemporaryDirectory("unit")
        defer { removeFlatDirectory(folder) }
        let path = "\(folder)/\(name).service"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0 && write(fd, unit, unit.utf8.count) == unit.utf8.count)
        close(fd)
        let result = try PunctualProcess(["verify", path], program: "/usr/bin/systemd-analyze").finish()
        return (result.exitCode, result.stdout + result.stderr)
    }

    private static func writeFile(_ text: String, in folder: String) -> String {
        let path = "\(folder)/api.toml"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0 && write(fd, text, text.utf8.count) == text.utf8.count)
        close(fd)
        return path
    }

    @Test(
        "from a service file: ExecStart runs punctual run --config FILE, limits from the file, accepted by systemd-analyze"
    )
    func fromFile() throws {
        let folder = try makeTemporaryDirectory("install")
        defer { removeFlatDirectory(folder) }
        let file = Self.writeFile(
            """
            command = ["/bin/sleep", "100% $$HOME"]
            ready = ["tcp:127.0.0.1:8080"]
            live = ["http://127.0.0.1:8080/healthz"]
            live-every = "5s"
            stop-timeout = "1m"
            shutdown-delay = "10s"
            """, in: folder)
        let result = try PunctualProcess.run([
            "install", "api", "--config", file, "--account", "daemon", "--group", "daemon", "--environment",
            "MODE=prod x", "--environment-file=-/etc/default/api", "--description", "Orders API", "--dry-run",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("ExecStart=\(PunctualProcess.executable) run --config \(file)"), "\(result.stdout)")
        for line in [
            "TimeoutStopSec=75s", "WatchdogSec=21s", "User=daemon", "Group=daemon", "Environment=\"MODE=prod x\"",
            "EnvironmentFile=-/etc/default/api", "Description=Orders API", "Type=notify",
        ] {
            #expect(lines.contains(line), "missing \(line)")
        }
        let verified = try Self.verify(result.stdout)
        #expect(verified.exitCode == 0 && verified.said.isEmpty, "systemd-analyze: \(verified.said)")
    }

    @Test("from flags: the command quoted as systemd splits it; a relative --config is made absolute")
    func fromFlags() throws {
        let result = try PunctualProcess.run([
            "install", "worker", "--ready", "log:Listening on", "--stop-timeout", "20s", "--start", "demand",
            "--dry-run", "--", "/bin/sh", "-c", "echo \"Listening on\"; sleep 100%",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "ExecStart=\(PunctualProcess.executable) run --ready \"log:Listening on\" --stop-timeout 20s -- /bin/sh -c \"echo \\\"Listening on\\\"; sleep 100%%\""
            ), "\(result.stdout)")
        #expect(result.stdout.contains("TimeoutStopSec=25s"))
        let verified = try Self.verify(result.stdout, name: "worker")
        #expect(verified.exitCode == 0 && verified.said.isEmpty, "systemd-analyze: \(verified.said)")
        let relative = try PunctualProcess.run(["install", "api", "--config", "api.toml", "--dry-run"])
        #expect(relative.exitCode == 64)
        #expect(relative.stderr.contains("--config '/"), "made absolute before it is read: \(relative.stderr)")
    }

    @Test("a registry and a hook: passed on as flags ($ doubled), and the stop limit leaves room for both at the end")
    func registry() throws {
        let result = try PunctualProcess.run([
            "install", "api", "--ready", "tcp:127.0.0.1:8080", "--stop-timeout", "20s", "--registry",
            "etcd://10.0.0.2:2379/services/api", "--on-state", "exec:logger $PUNCTUAL_STATE", "--dry-run", "--",
            "/bin/sleep", "100",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "--registry etcd://10.0.0.2:2379/services/api --on-state \"exec:logger $$PUNCTUAL_STATE\" -- /bin/sleep 100"
            ), "\(result.stdout)")
        // 20 s to stop, 5 s of margin, 3 s for the revocation, 5 s and 1 for the last hook.
        #expect(result.stdout.contains("TimeoutStopSec=34s"), "\(result.stdout)")
        let verified = try Self.verify(result.stdout)
        #expect(verified.exitCode == 0 && verified.said.isEmpty, "systemd-analyze: \(verified.said)")
    }

    @Test("a user unit: wanted by default.target, no User=")
    func userUnit() throws {
        let result = try PunctualProcess.run(["install", "api", "--user", "--dry-run", "--", "/bin/true"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("WantedBy=default.target"))
        #expect(!result.stdout.contains("User="))
    }

    @Test("a mistake in the file is told with its line, as run tells it")
    func fileMistake() throws {
        let folder = try makeTemporaryDirectory("install")
        defer { removeFlatDirectory(folder) }
        let file = Self.writeFile("command = [\"/bin/true\"]\nstop-timeout = \"soon\"\n", in: folder)
        let result = try PunctualProcess.run(["install", "api", "--config", file, "--dry-run"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("\(file):2: stop-timeout: 'soon' is not a duration"), "\(result.stderr)")
    }
}
