import Glibc
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("Socket activation passed on: systemd's sockets reach the program as 3…, LISTEN_PID its own")
struct SocketActivationTests {
    /// The program: it says its pid and the LISTEN_ variables, then becomes `sleep`, which keeps
    /// exactly the descriptors it was given, for the test to list from outside.
    static let program = [
        "/bin/sh", "-c", "echo \"pid=$$ listen_pid=$LISTEN_PID fds=$LISTEN_FDS names=$LISTEN_FDNAMES\"; exec sleep 30",
    ]

    /// The program's report, once it has made it: its fields by name.
    private static func report(of process: PunctualProcess) throws -> [String: String] {
        #expect(eventually(timeout: .seconds(10)) { process.stdout.contains("pid=") }, "\(process.stderr)")
        let line = try #require(process.stdout.split(separator: "\n").first { $0.hasPrefix("pid=") })
        return Dictionary(
            uniqueKeysWithValues: line.split(separator: " ").compactMap { field -> (String, String)? in
                guard let equals = field.firstIndex(of: "=") else { return nil }
                return (String(field[..<equals]), String(field[field.index(after: equals)...]))
            })
    }

    /// The descriptors process `pid` has open, each with what it is (`socket:[…]`, `pipe:[…]`), once
    /// it has become `sleep` and is asleep, the same in two looks 100 ms apart (its own start-up opens
    /// and closes files of its own).
    private static func descriptors(of pid: String) -> [Int: String] {
        var last: [Int: String]?
        var settled: [Int: String] = [:]
        _ = eventually(timeout: .seconds(5)) {
            let comm = String(decoding: FileDescriptorIO.readFile("/proc/\(pid)/comm") ?? [], as: UTF8.self)
            let stat = String(decoding: FileDescriptorIO.readFile("/proc/\(pid)/stat") ?? [], as: UTF8.self)
            let asleep = stat.split(separator: ")").last?.split(separator: " ").first == "S"
            let now = listDescriptors(of: pid)
            defer { last = now }
            guard comm == "sleep\n", asleep, now == last else {
                usleep(100_000)
                return false
            }
            settled = now
            return true
        }
        return settled
    }

    private static func listDescriptors(of pid: String) -> [Int: String] {
        var found: [Int: String] = [:]
        for name in directoryEntries("/proc/\(pid)/fd") ?? [] {
            guard let number = Int(name) else { continue }
            var target = [CChar](repeating: 0, count: 256)
            let length = readlink("/proc/\(pid)/fd/\(name)", &target, target.count - 1)
            found[number] =
                length > 0 ? String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        }
        return found
    }

    @Test("the program gets descriptor 3 and nothing of punctual's; LISTEN_FDS and LISTEN_FDNAMES as systemd set them")
    func passedOn() throws {
        let port = try LoopbackPort.unused()
        // systemd's own tool: it listens, then starts punctual with LISTEN_FDS once a connection comes.
        let process = try PunctualProcess(
            ["-l", "127.0.0.1:\(port)", "--fdname=web", PunctualProcess.executable, "run", "--"] + Self.program,
            program: "/usr/bin/systemd-socket-activate")
        #expect(eventually(timeout: .seconds(10)) { connectToLoopback(port: Int(port)).map { close($0) } != nil })
        let fields = try Self.report(of: process)
        #expect(fields["listen_pid"] == fields["pid"], "LISTEN_PID is the program's own: \(fields)")
        #expect(fields["fds"] == "1" && fields["names"] == "web", "\(fields)")
        let open = Self.descriptors(of: fields["pid"] ?? "")
        #expect(open[3]?.hasPrefix("socket:") == true, "\(open)")
        #expect(open.keys.sorted() == [0, 1, 2, 3], "nothing of punctual's own reaches it: \(open)")
        process.send(SIGTERM)
        #expect(process.finish().exitCode == 0)
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
        let process = try PunctualProcess(
            ["run", "--"] + Self.program, environment: ["LISTEN_FDS": "1", "LISTEN_PID": "1"])
        let fields = try Self.report(of: process)
        #expect(fields["listen_pid"] == "" && fields["fds"] == "" && fields["names"] == "", "\(fields)")
        #expect(Self.descriptors(of: fields["pid"] ?? "").keys.sorted() == [0, 1, 2])
        process.send(SIGTERM)
        #expect(process.finish().exitCode == 0)
    }
}
