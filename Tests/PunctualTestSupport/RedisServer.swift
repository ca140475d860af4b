import Glibc
import PunctualCore
import PunctualSystem

/// A real `redis-server` on a free loopback port, in a folder of its own, for tests; killed when released.
public final class RedisServer {
    public let port: UInt16
    public let directory: String
    private let watch: ExitWatch
    private let ownsDirectory: Bool

    /// Where redis-server lives; the tests need it installed (`scripts/test.sh` installs it).
    public static let executable = "/usr/bin/redis-server"

    /// The server's log, with its `Ready to accept connections`.
    public var logPath: String { directory + "/redis.log" }

    /// The arguments that run a server on `port` in `directory`, logging to `redis.log` there, saving nothing.
    public static func arguments(port: UInt16, directory: String) -> [String] {
        [
            "--port", "\(port)", "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no",
            "--logfile", directory + "/redis.log", "--daemonize", "no",
        ]
    }

    /// Starts a server with `extra` arguments (`--requirepass`, `--enable-debug-command`), in `directory`
    /// or a new folder, and waits until it answers.
    public init(_ extra: [String] = [], directory: String? = nil, port: UInt16? = nil) throws {
        guard access(Self.executable, X_OK) == 0 else {
            throw SystemError(
                "\(Self.executable) is not installed: run scripts/test.sh, which installs it", code: ENOENT)
        }
        self.directory = try directory ?? makeTemporaryDirectory("redis")
        ownsDirectory = directory == nil
        self.port = try port ?? LoopbackPort.unused()
        let arguments = [Self.executable] + Self.arguments(port: self.port, directory: self.directory) + extra
        var command = ProcessLauncher.Command(
            path: Self.executable, arguments: arguments, environment: currentEnvironment())
        command.stdin = .null
        watch = try ProcessLauncher.launch(command)
        guard eventually(timeout: .seconds(30), { connectToLoopback(port: Int(self.port)).map { close($0) } != nil })
        else {
            kill(watch.pid, SIGKILL)
            _ = watch.wait(timeout: .seconds(5))
            throw SystemError("redis-server did not listen on \(self.port) within 30 s", code: ETIMEDOUT)
        }
    }

    /// Sends one command on a new connection and returns the reply; nil on no answer within `timeout`.
    package func command(_ arguments: String..., timeout: Duration = .seconds(10)) -> RESPReply? {
        RedisServer.command(arguments, port: port, timeout: timeout)
    }

    /// Sends one command to 127.0.0.1:`port` and reads the reply.
    package static func command(_ arguments: [String], port: UInt16, timeout: Duration = .seconds(10)) -> RESPReply? {
        guard let fd = connectToLoopback(port: Int(port)) else { return nil }
        defer { close(fd) }
        guard RedisExchange.command(arguments).withUnsafeBytes({ FileDescriptorIO.writeAll(fd, $0) }) else {
            return nil
        }
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            if case .reply(let reply, _) = RESPReply.parse(received[...]) { return reply }
            guard !Poller.waitReadable([fd], timeout: deadline - ContinuousClock.now).isEmpty else { return nil }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            received += buffer[0..<count]
        }
        return nil
    }

    /// Stops the server and waits for its exit.
    public func stop() {
        kill(watch.pid, SIGTERM)
        if watch.wait(timeout: .seconds(30)) == nil {
            kill(watch.pid, SIGKILL)
            _ = watch.wait(timeout: .seconds(5))
        }
    }

    deinit {
        kill(watch.pid, SIGKILL)
        _ = watch.wait(timeout: .seconds(5))
        if ownsDirectory { removeFlatDirectory(directory) }
    }
}
