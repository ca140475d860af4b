import PunctualCore
import Testing

@Suite("The systemd unit punctual install writes: limits from the run settings, words systemd reads back")
struct SystemdUnitTests {
    private static func unit(stop: Duration = .seconds(30), delay: Duration = .seconds(5)) -> SystemdUnit {
        SystemdUnit(
            name: "api", execStart: ["/usr/local/bin/punctual", "run", "--config", "/etc/punctual/api.toml"],
            limits: ManagerLimits(startupBudget: .seconds(300), stopTimeout: stop, shutdownDelay: delay))
    }

    @Test("Type=notify, NotifyAccess=main, KillMode=mixed; the stop wait is stop + delay + 5 s, rounded up")
    func limits() {
        let text = Self.unit(stop: .milliseconds(30_500), delay: .seconds(5)).text
        for line in [
            "Type=notify", "NotifyAccess=main", "KillMode=mixed", "TimeoutStartSec=10s", "TimeoutStopSec=41s",
            "Restart=on-failure", "RestartSec=5s", "StartLimitBurst=5", "StartLimitIntervalSec=1525s",
            "ExecStart=/usr/local/bin/punctual run --config /etc/punctual/api.toml", "WantedBy=multi-user.target",
        ] {
            #expect(text.split(separator: "\n").contains(Substring(line)), "missing \(line) in\n\(text)")
        }
        #expect(!text.contains("WatchdogSec="))
        #expect(!text.contains("User="))
    }

    @Test("WatchdogSec outlasts punctual's own verdict: every × (failures + 1) + timeout")
    func watchdog() {
        #expect(SystemdUnit.watchdog(every: .seconds(10), timeout: .seconds(1), failures: 3) == .seconds(41))
        var unit = Self.unit()
        unit.watchdog = .milliseconds(2500)
        #expect(unit.text.contains("\nWatchdogSec=3s\n"))
    }

    @Test("user, group, folder, environment, dependencies; a user unit is wanted by default.target")
    func settings() {
        var unit = Self.unit()
        unit.user = "api"
        unit.group = "api"
        unit.workingDirectory = "/srv/api"
        unit.environment = ["MODE=prod x", "RATE=100%"]
        unit.environmentFiles = ["/etc/default/api"]
        unit.dependencies = ["postgresql", "redis.socket"]
        unit.description = "Orders API at 100%"
        let lines = unit.text.split(separator: "\n").map(String.init)
        for line in [
            "User=api", "Group=api", "WorkingDirectory=/srv/api", "Environment=\"MODE=prod x\"",
            "Environment=\"RATE=100%%\"", "EnvironmentFile=/etc/default/api",
            "After=postgresql.service redis.socket", "Requires=postgresql.service redis.socket",
            "Description=Orders API at 100%%",
        ] {
            #expect(lines.contains(line), "missing \(line)")
        }
        unit.userUnit = true
        #expect(unit.text.contains("WantedBy=default.target"))
    }

    @Test(
        "a command line's words as systemd reads them back: plain as is, others quoted; % and $ doubled",
        arguments: [
            ("/opt/api/server", "/opt/api/server"), ("--port=8080", "--port=8080"),
            ("tcp:127.0.0.1:80", "tcp:127.0.0.1:80"),
            ("hello world", "\"hello world\""), ("100%", "\"100%%\""), ("$HOME", "\"$$HOME\""),
            ("say \"hi\"", "\"say \\\"hi\\\"\""), ("a\\b", "\"a\\\\b\""), ("", "\"\""),
            ("line\nbreak", "\"line\\nbreak\""),
            ("it's", "\"it's\""), (";", "\";\""),
        ])
    func quoting(word: String, written: String) {
        #expect(SystemdUnit.quote(word) == written)
    }

    @Test("unit names: letters, digits and :_.@-, within 255 characters with .service")
    func names() {
        #expect(SystemdUnit.problem(withName: "api") == nil)
        #expect(SystemdUnit.problem(withName: "api@1:x_y.z-w") == nil)
        #expect(SystemdUnit.problem(withName: "") != nil)
        #expect(SystemdUnit.problem(withName: "a b") != nil)
        #expect(SystemdUnit.problem(withName: "a/b") != nil)
        #expect(SystemdUnit.problem(withName: "café") != nil)
        #expect(SystemdUnit.problem(withName: String(repeating: "a", count: 248)) != nil)
    }

    @Test("systemctl show's properties told as punctual status says them")
    func status() {
        let status = SystemdStatus(
            showOutput: """
                ActiveState=active
                SubState=running
                Result=success
                StatusText=ready after 12s: tcp:127.0.0.1:8080 (connected)
                MainPID=412
                ExecMainStatus=0
                LoadState=loaded
                """)
        #expect(
            status.lines(name: "api") == [
                "api: active (running), pid 412", "  punctual: ready after 12s: tcp:127.0.0.1:8080 (connected)",
                "  last result: success, exit status 0",
            ])
        #expect(
            SystemdStatus(showOutput: "LoadState=not-found\n").lines(name: "x") == [
                "x: not installed (no unit x.service)"
            ])
    }
}
