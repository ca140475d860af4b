import Glibc
import PunctualCore
import PunctualSystem
import Testing

@Suite("Bad input: one line naming what is wrong, with an example, and a documented exit code")
struct BadInputTests {
    @Test(
        "usage mistakes exit 64 with one line",
        arguments: [
            (["run"], "no command given"),
            (["run", "--"], "no command given"),
            (["run", "--startup-budget", "5q", "--", "true"], "--startup-budget '5q' is not a duration"),
            (["run", "--startup-budget", "0", "--", "true"], "--startup-budget must be longer than zero"),
            (["run", "--progress-timeout", "soon", "--", "true"], "--progress-timeout 'soon'"),
            (["run", "--stop-timeout=-1s", "--", "true"], "--stop-timeout '-1s' is not a duration"),
            (["run", "--startup-budget", "1e10", "--", "true"], "it is longer than 100 years"),
            (["run", "--startup-budget", "inf", "--", "true"], "--startup-budget 'inf' is not a duration"),
            (["run", "--probe-timeout", "x", "--", "true"], "--probe-timeout"),
            (["run", "--ready", "tcp:localhost", "--", "true"], "--ready 'tcp:localhost': the port is missing"),
            (["run", "--ready", "tcp:host:70000", "--", "true"], "is not a port"),
            (["run", "--ready", "amqp:1234", "--", "true"], "'amqp' is not a probe kind"),
            (["run", "--ready", "grpc:1234", "--", "true"], "it is not a grpc:// URL"),
            (
                ["run", "--ready", "https://x/?insecure&ca=/c.pem", "--", "true"],
                "insecure skips the check that ca= is for"
            ),
            (["run", "--ready", "log:([a-z]", "--", "true"], "not a regular expression"),
            (["run", "--ready", "exec:", "--", "true"], "the command is empty"),
            (["run", "--ready"], "Missing value for '--ready"),
            (["run", "--stop-signal", "NOPE", "--", "true"], "--stop-signal 'NOPE'"),
            (["run", "--stop-signal", "KILL", "--", "true"], "--stop-signal 'KILL'"),
            (["run", "--log-level", "loud", "--", "true"], "--log-level 'loud'"),
            (["run", "--log-file", "/dev/null/out.log", "--", "true"], "Not a directory"),
            (
                ["run", "--working-directory", "/dev/null", "--", "true"],
                "--working-directory '/dev/null' is not a folder"
            ),
            (["run", "--log-file", "/tmp/x.log", "--log-max-size", "10Q", "--", "true"], "'10Q' is not a size"),
            (
                ["run", "--log-file", "/tmp/x.log", "--log-keep", "5000", "--", "true"],
                "--log-keep 5000 is not between"
            ),
            (["run", "--live", "log:ready", "--", "true"], "--live 'log:ready' cannot be asked again"),
            (["run", "--live", "file:/tmp", "--", "true"], "--live 'file:/tmp' cannot be asked again"),
            (["run", "--live", "notify", "--", "true"], "--live 'notify' cannot be asked again"),
            (["run", "--live", "tcp:nowhere", "--", "true"], "--live 'tcp:nowhere': the port is missing"),
            (["run", "--live-failures", "0", "--", "true"], "--live-failures 0 is not between 1 and 1000"),
            (["run", "--live-every", "0s", "--", "true"], "--live-every must be longer than zero"),
            (["run", "--live-timeout", "later", "--", "true"], "--live-timeout 'later' is not a duration"),
            (["run", "--health-port", "70000", "--", "true"], "--health-port 70000 is not a TCP port"),
            (["run", "--health-port", "0", "--", "true"], "--health-port 0 is not a TCP port"),
            (["run", "--health-port", "http", "--", "true"], "--health-port"),
            (
                ["run", "--shutdown-delay", "10s", "--stop-timeout", "10s", "--", "true"],
                "--shutdown-delay 10s is not shorter than --stop-timeout 10s"
            ),
            (["run", "--shutdown-delay", "soon", "--", "true"], "--shutdown-delay 'soon' is not a duration"),
            (["run", "--registry", "http://127.0.0.1:2379/s", "--", "true"], "a registry is etcd://HOST:PORT/PREFIX"),
            (["run", "--registry", "etcd://127.0.0.1:2379", "--", "true"], "the key prefix is missing"),
            (["run", "--registry", "etcd://u:pw@127.0.0.1:2379/s", "--", "true"], "a password in the URL is visible"),
            (["run", "--registry", "etcd://127.0.0.1:99999/s", "--", "true"], "is not a port"),
            (
                ["run", "--registry", "etcd://h:1/s", "--registry-ttl", "1s", "--", "true"],
                "--registry-ttl 1s is shorter than etcd's shortest lease, 2s"
            ),
            (
                ["run", "--registry", "etcd://h:1/s", "--instance-id", "a/b", "--", "true"],
                "must be a name without '/'"
            ),
            (["run", "--on-state", "/usr/bin/register", "--", "true"], "is not a hook: give exec:COMMAND"),
            (["run", "--on-state", "exec:true", "--on-state-timeout", "0s", "--", "true"], "--on-state-timeout"),
            (["run", "--address", "10.0.0.7:8080", "--", "true"], "--instance-id and --address name what"),
            (["run", "--frobnicate", "--", "true"], "unknown option '--frobnicate'"),
            (["frobnicate"], "Unexpected argument 'frobnicate'"),
            (["demo", "--svg"], "Missing value for '--svg <file>'"),
        ])
    func usage(arguments: [String], expected: String) throws {
        let result = try PunctualProcess.run(arguments)
        #expect(result.exitCode == 64)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line, got: \(result.stderr)")
        #expect(result.stderr.contains(expected), "got: \(result.stderr)")
        #expect(result.stderr.contains("example") || result.stderr.contains("--help"), "got: \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Backtrace"))
        #expect(result.stdout.isEmpty)
    }

    @Test(
        "commands that cannot run: 127 when not found, 126 when not executable",
        arguments: [
            (["run", "--", "no-such-program-here"], Int32(127), "was not found in PATH"),
            (["run", "--", "./no/such/file"], 127, "no such file or directory"),
            (["run", "--", "/proc/self/status"], 126, "is not executable"),
            (["run", "--", "/tmp"], 126, "is a directory"),
        ])
    func cannotRun(arguments: [String], code: Int32, expected: String) throws {
        let result = try PunctualProcess.run(arguments)
        #expect(result.exitCode == code)
        #expect(result.stderr.contains(expected), "got: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "got: \(result.stderr)")
    }

    @Test("a health port that is taken: one line and exit 70, before the program is started")
    func takenHealthPort() throws {
        let listener = try ListeningSocket(Endpoint(host: "127.0.0.1", port: 0))
        defer { close(listener.fd) }
        let tag = uniqueTag()
        let result = try PunctualProcess.run(
            ["run", "--health-port", "\(listener.port)", "--", "sh", "-c", "echo started \(tag)"])
        #expect(result.exitCode == 70)
        #expect(result.stderr.split(separator: "\n").count == 1, "got: \(result.stderr)")
        #expect(result.stderr.contains("cannot serve the health endpoints on 127.0.0.1:\(listener.port)"))
        #expect(result.stderr.contains("Address already in use"))
        #expect(!result.stdout.contains(tag), "the program must not have started")
    }

    @Test("help teaches: probes, exit codes and an example")
    func help() throws {
        let result = try PunctualProcess.run(["run", "--help"])
        #expect(result.exitCode == 0)
        for text in ["tcp:HOST:PORT", "http://HOST:PORT/PATH", "exec:COMMAND", "log:REGEX", "EXIT STATUS", "EXAMPLES"] {
            #expect(result.stdout.contains(text))
        }
    }
}
