import Glibc
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("Socket activation passed on: systemd's sockets reach the program as 3…, LISTEN_PID its own")
struct SocketActivationTests {
    /// What the program reports of itself: its pid and the LISTEN_ variables, then each descriptor
    /// it has open as `fd N TARGET` (listed by ls, so that no pipe of the shell's own is among them).
    static let report = """
        echo "pid=$$ listen_pid=$LISTEN_PID fds=$LISTEN_FDS names=$LISTEN_FDNAMES"; \
        ls -l /proc/$$/fd | sed -n 's/.* \\([0-9]*\\) -> \\(.*\\)/fd \\1 \\2/p'
        """

    /// The descriptors the report lists, by number.
    private static func descriptors(_ output: String) -> [Int: String] {
        var found: [Int: String] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("fd ") {
            let parts = line.split(separator: " ", maxSplits: 2)
            if parts.count == 3, let number = Int(parts[1]) { found[number] = String(parts[2]) }
        }
        return found
    }

    /// Runs punctual under systemd-socket-activate (systemd's own tool, which listens, then starts
    /// its program with LISTEN_FDS once a connection comes) and connects once to start it.
    private static func activated(_ run: [String], names: String = "web") throws -> PunctualProcess.Result {
        let port = try LoopbackPort.unused()
        let process = try PunctualProcess(
            ["-l", "127.0.0.1:\(port)", "--fdname=\(names)", PunctualProcess.executable] + run,
            program: "/usr/bin/systemd-socket-activate")
        #expect(eventually(timeout: .seconds(10)) { connectToLoopback(port: Int(port)).map { close($0) } != nil })
        return process.finish(timeout: .seconds(20))
    }

    @Test("the program gets descriptor 3 and nothing of punctual's; LISTEN_FDS and LISTEN_FDNAMES as systemd set them")
    func passedOn() throws {
        let result = try Self.activated(["run", "--", "/bin/sh", "-c", Self.report])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("pid=") })
        let fields = Dictionary(
            uniqueKeysWithValues: line.split(separator: " ").compactMap { field -> (String, String)? in
                guard let equals = field.firstIndex(of: "=") else { return nil }
                return (String(field[..<equals]), String(field[field.index(after: equals)...]))
            })
        #expect(fields["listen_pid"] == fields["pid"], "LISTEN_PID is the program's own: \(line)")
        #expect(fields["fds"] == "1" && fields["names"] == "web", "\(line)")
        let open = Self.descriptors(result.stdout)
        #expect(open[3]?.hasPrefix("socket:") == true, "\(result.stdout)")
        #expect(open.keys.sorted() == [0, 1, 2, 3], "nothing of punctual's own reaches it: \(result.stdout)")
    }

    @Test("a server takes the passed socket: punctual's readiness probe is answered on it")
    func serverOnPassedSocket() throws {
        let port = try LoopbackPort.unused()
        let process = try PunctualProcess(
            [
                "-l", "127.0.0.1:\(port)", PunctualProcess.executable, "run", "--ready", "http://127.0.0.1:\(port)/",
                "--", PunctualProcess.executable, "demo-app", "--port", "1", "--init-seconds", "0.5",
                "--stop-seconds", "0.1",
            ], program: "/usr/bin/systemd-socket-activate")
        #expect(eventually(timeout: .seconds(10)) { connectToLoopback(port: Int(port)).map { close($0) } != nil })
        #expect(process.waitForOutput("ready after"), "\(process.stderr)")
        #expect(process.stdout.contains("serving on the socket systemd passed (descriptor 3)"), "\(process.stdout)")
        process.send(SIGTERM)
        #expect(process.finish().exitCode == 0)
    }

    @Test("sockets meant for another process (LISTEN_PID not punctual's) are not passed on")
    func notOurs() throws {
        let result = try PunctualProcess.run(
            ["run", "--", "/bin/sh", "-c", Self.report], environment: ["LISTEN_FDS": "1", "LISTEN_PID": "1"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("listen_pid= fds= names=\n"), "\(result.stdout)")
        #expect(Self.descriptors(result.stdout).keys.sorted() == [0, 1, 2], "\(result.stdout)")
    }
}
