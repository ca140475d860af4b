import FoundationEssentials
import Glibc
import PunctualSystem
import Testing

@Suite("punctual simulate, explain and demo, end to end")
struct SimulateTests {
    let app = PunctualProcess.executable

    @Test("scm: a program that never connects fails with 1053 after the pipe timeout, events 7009 and 7000")
    func scmNeverConnects() throws {
        let result = try PunctualProcess.run([
            "simulate", "--manager", "scm", "--pipe-timeout", "1s", "--", "sleep", "30",
        ])
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("7009: Timeout (1000 milliseconds) waiting for the demo service to connect."))
        #expect(result.stdout.contains("code:    1053"))
        #expect(result.stdout.contains("events:  7009, 7000"))
        #expect(result.elapsed < .seconds(5))
    }

    @Test(
        "scm: punctual run connects at once over the emulated SCM's socket and reports RUNNING when ready, then stops")
    func scmWithPunctual() throws {
        let port = try LoopbackPort.unused()
        let result = try PunctualProcess.run([
            "simulate", "--manager", "scm", "--pipe-timeout", "1s", "--stop-after", "3s", "--",
            app, "run", "--ready", "tcp:127.0.0.1:\(port)", "--", app, "demo-app", "--port", "\(port)",
            "--init-seconds", "2",
            "--stop-seconds", "0.2",
        ])
        #expect(result.exitCode == 0, "\(result.stdout)")
        #expect(result.stdout.contains("the dispatcher connected"))
        #expect(result.stdout.contains("START_PENDING checkpoint=1 hint=10s"))
        #expect(result.stdout.contains("accepting STOP|SHUTDOWN|PRESHUTDOWN"))
        #expect(result.stdout.contains("STOPPED cleanly"))
        #expect(result.stdout.contains("verdict: OK"))
    }

    @Test("scm: running-no-controls reaches RUNNING at once, refuses a stop (1061) until ready, then stops")
    func scmRunningNoControls() throws {
        let port = try LoopbackPort.unused()
        let result = try PunctualProcess.run([
            "simulate", "--manager", "scm", "--strategy", "running-no-controls", "--stop-after", "500ms", "--",
            app, "run", "--ready", "tcp:127.0.0.1:\(port)", "--", app, "demo-app", "--port", "\(port)",
            "--init-seconds", "2", "--stop-seconds", "0.2",
        ])
        #expect(result.exitCode == 0, "\(result.stdout)")
        #expect(result.stdout.contains("RUNNING, no controls accepted"))
        #expect(result.stdout.contains("sc stop: error 1061"))
        #expect(result.stdout.contains("the service accepts STOP now: sc stop again"))
        #expect(result.stdout.contains("STOPPED cleanly"))
    }

    @Test("systemd: no READY within TimeoutStartSec is Result: timeout; through punctual the same app becomes active")
    func systemdTimeoutAndWrapped() throws {
        let port = try LoopbackPort.unused()
        let bare = try PunctualProcess.run([
            "simulate", "--manager", "systemd", "--timeout-start", "1s", "--", app, "demo-app", "--port", "\(port)",
            "--init-seconds", "3", "--notify", "--stop-seconds", "0",
        ])
        #expect(bare.exitCode == 1)
        #expect(bare.stdout.contains("start operation timed out. Terminating."))
        #expect(bare.stdout.contains("code:    timeout"))
        let wrapped = try PunctualProcess.run([
            "simulate", "--manager", "systemd", "--timeout-start", "1s", "--timeout-stop", "1s", "--stop-after", "4s",
            "--",
            app, "run", "--ready", "tcp:127.0.0.1:\(port)", "--", app, "demo-app", "--port", "\(port)",
            "--init-seconds", "2",
            "--stop-seconds", "1.5",
        ])
        #expect(wrapped.exitCode == 0, "\(wrapped.stdout)")
        #expect(wrapped.stdout.contains("EXTEND_TIMEOUT_USEC=10000000"))
        #expect(wrapped.stdout.contains("Started demo.service."))
        #expect(wrapped.stdout.contains("Deactivated successfully."))
    }

    @Test("systemd: a program that says READY but never pings fails the watchdog")
    func systemdWatchdog() throws {
        let port = try LoopbackPort.unused()
        let result = try PunctualProcess.run([
            "simulate", "--manager", "systemd", "--watchdog", "1s", "--stop-after", "5s", "--",
            app, "demo-app", "--port", "\(port)", "--init-seconds", "0", "--notify", "--stop-seconds", "0",
        ])
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("Watchdog timeout (limit 1s)!"))
        #expect(result.stdout.contains("code:    watchdog"))
    }

    @Test("kubernetes: a startup probe sized for the start is Ready; one that is not ends in CrashLoopBackOff")
    func kubernetes() throws {
        let port = try LoopbackPort.unused()
        let ready = try PunctualProcess.run([
            "simulate", "--manager", "kubernetes", "--startup-probe", "tcp:127.0.0.1:\(port)", "--period", "500ms",
            "--failure-threshold", "10", "--readiness-probe", "http://127.0.0.1:\(port)/", "--",
            app, "demo-app", "--port", "\(port)", "--init-seconds", "1.5",
        ])
        #expect(ready.exitCode == 0, "\(ready.stdout)")
        #expect(ready.stdout.contains("Startup probe succeeded"))
        #expect(ready.stdout.contains("the pod is Ready"))
        let port2 = try LoopbackPort.unused()
        let looping = try PunctualProcess.run([
            "simulate", "--manager", "kubernetes", "--startup-probe", "tcp:127.0.0.1:\(port2)", "--period", "500ms",
            "--failure-threshold", "2", "--grace", "1s", "--", app, "demo-app", "--port", "\(port2)", "--init-seconds",
            "5",
        ])
        #expect(looping.exitCode == 1)
        #expect(looping.stdout.contains("code:    CrashLoopBackOff"))
    }

    @Test(
        "kubernetes with punctual's /livez and /readyz: a start longer than liveness allows is Ready with 0 restarts; a hung one is restarted at punctual's budget; the bare program is killed"
    )
    func kubernetesWithHealthEndpoints() throws {
        let port = try LoopbackPort.unused()
        let health = try LoopbackPort.unused()
        // Scaled: a liveness probe that gives up after 3 × 500ms, a start of 4s.
        let probes = [
            "--liveness-probe", "http://127.0.0.1:\(health)/livez", "--readiness-probe",
            "http://127.0.0.1:\(health)/readyz", "--period", "500ms", "--failure-threshold", "3",
        ]
        let wrapped = [app, "run", "--ready", "tcp:127.0.0.1:\(port)", "--health-port", "\(health)"]
        let ready = try PunctualProcess.run(
            ["simulate", "--manager", "kubernetes"] + probes + ["--"] + wrapped
                + ["--", app, "demo-app", "--port", "\(port)", "--init-seconds", "4"])
        #expect(ready.exitCode == 0, "\(ready.stdout)")
        #expect(ready.stdout.contains("verdict: OK: Ready at 4."), "\(ready.stdout)")
        #expect(ready.stdout.contains("with 0 restarts"))
        #expect(!ready.stdout.contains("failed liveness probe"))

        let hung = try PunctualProcess.run(
            ["simulate", "--manager", "kubernetes"] + probes + ["--grace", "2s", "--"] + wrapped
                + ["--startup-budget", "2s", "--", app, "demo-app", "--port", "\(port)", "--init-seconds", "100"])
        #expect(hung.exitCode == 1)
        #expect(hung.stdout.contains("the container terminated: Error (exited with code 124)"), "\(hung.stdout)")
        #expect(!hung.stdout.contains("failed liveness probe"), "restarted by punctual's verdict, not the probe")
        let terminated = hung.stdout.split(separator: "\n").first { $0.contains("exited with code 124") }
        let at = terminated.flatMap { Double($0.drop { $0 == " " }.prefix { $0 != "s" }) }
        #expect(at != nil && at! >= 1.9 && at! < 3, "at the budget: \(terminated ?? "")")

        let bare = try PunctualProcess.run(
            [
                "simulate", "--manager", "kubernetes", "--liveness-probe", "tcp:127.0.0.1:\(port)", "--readiness-probe",
                "tcp:127.0.0.1:\(port)", "--period", "500ms", "--failure-threshold", "3", "--grace", "1s", "--",
                app, "demo-app", "--port", "\(port)", "--init-seconds", "4",
            ])
        #expect(bare.exitCode == 1)
        #expect(bare.stdout.contains("failed liveness probe: 3 failures, will be restarted"))
    }

    struct JSONReport: Decodable {
        struct DecodedVerdict: Decodable {
            let succeeded: Bool
            let code: String?
        }
        let manager: String
        let verdict: DecodedVerdict
    }

    @Test("--format json and svg go to stdout alone; the program's output goes to stderr")
    func formats() throws {
        let json = try PunctualProcess.run([
            "simulate", "--manager", "scm", "--pipe-timeout", "500ms", "--format", "json", "--", "sh", "-c",
            "echo hello; sleep 5",
        ])
        #expect(json.exitCode == 1)
        let decoded = try JSONDecoder().decode(JSONReport.self, from: Data(json.stdout.utf8))
        #expect(decoded.manager == "scm")
        #expect(decoded.verdict.code == "1053")
        #expect(json.stderr.contains("hello"))
        let svg = try PunctualProcess.run([
            "simulate", "--manager", "scm", "--pipe-timeout", "500ms", "--format", "svg", "--", "sleep", "5",
        ])
        #expect(svg.stdout.hasPrefix("<svg"))
        #expect(svg.stdout.hasSuffix("</svg>\n"))
    }

    @Test(
        "bad input: one line, exit 64",
        arguments: [
            (["simulate", "--", "true"], "--manager is missing"),
            (["simulate", "--manager", "launchd", "--", "true"], "'launchd' is not scm, systemd or kubernetes"),
            (
                ["simulate", "--manager", "systemd", "--pipe-timeout", "5s", "--", "true"],
                "--pipe-timeout applies to --manager scm"
            ),
            (["simulate", "--manager", "scm", "--strategy", "fast", "--", "true"], "--strategy 'fast'"),
            (
                ["simulate", "--manager", "kubernetes", "--startup-probe", "log:x", "--", "true"],
                "grpc://, redis:// or postgres:// only"
            ),
            (["simulate", "--manager", "scm", "--format", "html", "--", "true"], "--format 'html'"),
            (["simulate", "--manager", "scm"], "no command given"),
            (["simulate", "--manager", "scm", "--shutdown", "--", "true"], "--shutdown needs --stop-after"),
            (["simulate", "--manager", "scm", "--non-crash-failures", "--", "true"], "--non-crash-failures needs"),
            (["simulate", "--manager", "systemd", "--kill-mode", "none", "--", "true"], "--kill-mode 'none'"),
            (
                ["simulate", "--manager", "systemd", "--restarts", "2", "--", "true"],
                "--restarts applies to --manager kubernetes"
            ),
            (["explain", "nosuch"], "'nosuch' is not a topic I know; known topics: 1053"),
            (["explain"], "no topic given"),
        ])
    func badInput(arguments: [String], expected: String) throws {
        let result = try PunctualProcess.run(arguments)
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains(expected), "got: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("explain: a code, an event, a result, a reason")
    func explain() throws {
        let code = try PunctualProcess.run(["explain", "1053"])
        #expect(code.exitCode == 0)
        #expect(code.stdout.hasPrefix("1053 (Windows error): The service did not respond"))
        #expect(
            try PunctualProcess.run(["explain", "Result:", "timeout"]).stdout.hasPrefix("timeout (systemd result)"))
        #expect(try PunctualProcess.run(["explain", "--list"]).stdout.split(separator: "\n").count > 30)
    }

    @Test("demo: the app alone fails with 1053, wrapped it runs and stops cleanly, in about 15 s")
    func demo() throws {
        let svgPath = "/tmp/\(uniqueTag()).svg"
        defer { unlink(svgPath) }
        let result = try PunctualProcess.run(["demo", "--svg", svgPath], timeout: .seconds(60))
        #expect(result.exitCode == 0, "\(result.stdout)")
        #expect(result.stdout.contains("fails with 1053 at 4s"))
        #expect(result.stdout.contains("STOPPED cleanly"))
        #expect(result.stdout.contains("side by side:"))
        #expect(result.elapsed < .seconds(25))
        #expect(
            String(decoding: FileDescriptorIO.readFile(svgPath, limit: 1 << 20) ?? [], as: UTF8.self).hasPrefix("<svg"))
    }
}
