import CPunctualLinux
import Glibc
import PunctualSystem
import PunctualTestSupport
import Synchronization

/// The built `punctual` binary, run as a user would, with its output captured.
final class PunctualProcess: Sendable {
    /// The `punctual` executable next to the test bundle.
    static let executable = sibling("punctual")

    /// A test helper built next to the test bundle, such as `library-probe`.
    static func sibling(_ name: String) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let path = String(decoding: buffer[0..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        if directory.last?.hasSuffix(".xctest") == true { directory = directory.dropLast() }
        return directory.joined(separator: "/") + "/" + name
    }

    struct Result {
        let exitCode: Int32
        let stdout: String
        let stderr: String
        let elapsed: Duration
    }

    let pid: Int32
    private let viaUnshare: Bool
    private let watch: ExitWatch
    private let output = Mutex<(out: [UInt8], err: [UInt8])>(([], []))
    private let drained: WakeSignal
    private let openStreams = Atomic(2)
    private let started = ContinuousClock.now
    private let unread = Mutex<[Int32]>([])

    /// Starts `punctual ARGUMENTS` (or `program ARGUMENTS`) with this process's environment plus
    /// `environment`; with `viaUnshare` as PID 1 of a new PID namespace.
    /// With `outputUnread`, punctual's stdout and stderr are pipes nobody reads, like a stalled journal.
    init(
        _ arguments: [String], program: String = executable, environment: [String: String] = [:],
        viaUnshare: Bool = false, outputUnread: Bool = false
    ) throws {
        self.viaUnshare = viaUnshare
        var pipes: (out: [Int32], err: [Int32]) = ([-1, -1], [-1, -1])
        guard cpunctual_pipe(&pipes.out) == 0, cpunctual_pipe(&pipes.err) == 0 else { throw SystemError("pipe") }
        let removed = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "INVOCATION_ID", "JOURNAL_STREAM"]
        var env = currentEnvironment().filter { entry in !removed.contains { entry.hasPrefix($0 + "=") } }
        env += environment.map { "\($0.key)=\($0.value)" }
        var command =
            viaUnshare
            ? ProcessLauncher.Command(
                path: "/usr/bin/unshare",
                arguments: ["unshare", "--pid", "--fork", "--mount-proc", program] + arguments, environment: env
            )
            : ProcessLauncher.Command(path: program, arguments: [program] + arguments, environment: env)
        command.stdin = .null
        command.stdout = .descriptor(pipes.out[1])
        command.stderr = .descriptor(pipes.err[1])
        watch = try ProcessLauncher.launch(command)
        pid = watch.pid
        close(pipes.out[1])
        close(pipes.err[1])
        drained = try WakeSignal()
        for (fd, isOut) in [(pipes.out[0], true), (pipes.err[0], false)] {
            if outputUnread {
                unread.withLock { $0.append(fd) }
            } else {
                try OSThread.start(name: "test-reader") { [self] in collect(fd, isOut: isOut) }
            }
        }
    }

    private func collect(_ fd: Int32, isOut: Bool) {
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            output.withLock { if isOut { $0.out += buffer[0..<count] } else { $0.err += buffer[0..<count] } }
        }
        close(fd)
        if openStreams.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { drained.wake() }
    }

    var stdout: String { output.withLock { String(decoding: $0.out, as: UTF8.self) } }
    var stderr: String { output.withLock { String(decoding: $0.err, as: UTF8.self) } }

    /// Signals punctual (inside the namespace when it runs as PID 1 there).
    func send(_ signal: Int32) {
        guard viaUnshare else {
            kill(pid, signal)
            return
        }
        let children = FileDescriptorIO.readFile("/proc/\(pid)/task/\(pid)/children") ?? []
        if let inner = String(decoding: children, as: UTF8.self).split(separator: " ").first.flatMap({ Int32($0) }) {
            kill(inner, signal)
        }
    }

    /// Waits until stdout or stderr contains `text`.
    func waitForOutput(_ text: String, timeout: Duration = .seconds(10)) -> Bool {
        eventually(timeout: timeout) { stdout.contains(text) || stderr.contains(text) }
    }

    deinit {
        // A test that failed before finishing its process must not leave it, or what it supervises, running:
        // punctual's keeper ends the tree when punctual dies.
        if watch.wait(timeout: .zero) == nil {
            kill(pid, SIGKILL)
            _ = watch.wait(timeout: .seconds(5))
        }
        unread.withLock { for fd in $0 { close(fd) } }
    }

    /// Waits for the exit; kills the process if it takes longer than `timeout`.
    func finish(timeout: Duration = .seconds(20)) -> Result {
        let status =
            watch.wait(timeout: timeout)
            ?? {
                kill(pid, SIGKILL)
                return watch.wait(timeout: .seconds(5)) ?? -1
            }()
        let elapsed = ContinuousClock.now - started
        while unread.withLock({ $0.isEmpty }), openStreams.load(ordering: .acquiring) > 0 {
            guard Poller.sleep(.seconds(5), unless: drained) else { break }
        }
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(exitCode: code, stdout: stdout, stderr: stderr, elapsed: elapsed)
    }

    /// Runs `punctual ARGUMENTS` to its end.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(20)) throws
        -> Result
    {
        try PunctualProcess(arguments, environment: environment).finish(timeout: timeout)
    }
}

/// The pids of processes whose environment holds `NAME=value`.
func processes(withEnvironment entry: String) -> [Int32] {
    guard let directory = opendir("/proc") else { return [] }
    defer { closedir(directory) }
    var found: [Int32] = []
    let needle = Array(entry.utf8)
    while let item = readdir(directory) {
        let name = withUnsafeBytes(of: item.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard let pid = Int32(name), let bytes = FileDescriptorIO.readFile("/proc/\(pid)/environ", limit: 1 << 20)
        else {
            continue
        }
        if bytes.split(separator: 0).contains(where: { Array($0) == needle }) { found.append(pid) }
    }
    return found.filter { pid in
        guard let stat = FileDescriptorIO.readFile("/proc/\(pid)/stat") else { return false }
        let text = String(decoding: stat, as: UTF8.self)
        return !(text.split(separator: ")").last?.hasPrefix(" Z") ?? true)
    }
}

func uniqueTag() -> String { "t\(getpid())x\(UInt32.random(in: 0...UInt32.max))" }
