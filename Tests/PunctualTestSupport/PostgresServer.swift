import Glibc
import PunctualSystem

/// A real PostgreSQL server on a free loopback port and a socket folder of its own, for tests; its
/// cluster made by initdb in a new folder; killed and removed when released. As root it runs as the
/// `postgres` user, which PostgreSQL requires.
public final class PostgresServer {
    public let port: UInt16
    /// The cluster's folder.
    public let dataDirectory: String
    /// The folder of its Unix socket, and of its log (`server.log`).
    public let socketDirectory: String
    private var watch: ExitWatch?
    private let settings: [String]

    /// The folder of the newest PostgreSQL found under /usr/lib/postgresql.
    public static let binaries: String = {
        var newest = 0
        if let folder = opendir("/usr/lib/postgresql") {
            while let entry = readdir(folder) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                newest = max(newest, Int(name) ?? 0)
            }
            closedir(folder)
        }
        return "/usr/lib/postgresql/\(newest)/bin"
    }()

    /// The server's log.
    public var logPath: String { socketDirectory + "/server.log" }

    /// The command that runs `program` (a PostgreSQL binary) as the `postgres` user when this is root.
    public static func command(_ program: String, _ arguments: [String]) -> [String] {
        let path = binaries + "/" + program
        guard getuid() == 0 else { return [path] + arguments }
        return ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", path] + arguments
    }

    /// The arguments of `postgres` for this server: loopback only, its socket folder, logging to stderr.
    public func serverArguments() -> [String] {
        [
            "-D", dataDirectory, "-p", "\(port)", "-k", socketDirectory, "-c", "listen_addresses=127.0.0.1",
            "-c", "logging_collector=off", "-c", "fsync=off",
        ] + settings.flatMap { ["-c", $0] }
    }

    /// Makes a cluster whose local logins are trusted and whose TCP logins need a SCRAM password, and
    /// starts it unless `start` is false; `settings` are given to the server as `-c NAME=VALUE`.
    public init(start: Bool = true, settings: [String] = []) throws {
        self.settings = settings
        guard access(Self.binaries + "/postgres", X_OK) == 0 else {
            throw SystemError("PostgreSQL is not installed: run scripts/test.sh, which installs it", code: ENOENT)
        }
        port = try LoopbackPort.unused()
        socketDirectory = try makeTemporaryDirectory("postgres-socket")
        dataDirectory = socketDirectory + "/data"
        let password = socketDirectory + "/password"
        guard FileDescriptorIO.writeAll(try Self.create(password), "secret\n") else { throw SystemError("write") }
        if getuid() == 0 {
            try Self.chownToPostgres(socketDirectory)
            try Self.chownToPostgres(password)
        }
        let made = try runToEnd(
            Self.command(
                "initdb",
                [
                    "-D", dataDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
                    "--pwfile=\(password)", "--no-sync",
                ]))
        guard made == 0 else { throw SystemError("initdb exited with \(made)", code: EIO) }
        if start { try self.start() }
    }

    /// Starts the server and waits until it accepts connections.
    public func start() throws {
        let log = try Self.create(logPath)
        if getuid() == 0 { try Self.chownToPostgres(logPath) }
        var command = ProcessLauncher.Command(
            path: Self.command("postgres", [])[0], arguments: Self.command("postgres", serverArguments()),
            environment: currentEnvironment())
        command.stdin = .null
        command.stdout = .descriptor(log)
        command.stderr = .descriptor(log)
        watch = try ProcessLauncher.launch(command)
        close(log)
        guard eventually(timeout: .seconds(60), { pgIsReady() == 0 }) else {
            throw SystemError("PostgreSQL did not accept connections within 60 s", code: ETIMEDOUT)
        }
    }

    /// What `pg_isready` says of the server over TCP: 0 accepting, 1 rejecting (starting up,
    /// recovering), 2 no answer; -1 when it could not be run.
    public func pgIsReady() -> Int32 { (try? runToEnd(pgIsReadyCommand)) ?? -1 }

    /// The `pg_isready` command that asks this server over TCP.
    public var pgIsReadyCommand: [String] {
        Self.command("pg_isready", ["-q", "-h", "127.0.0.1", "-p", "\(port)"])
    }

    /// Runs SQL through psql over the socket, as `postgres`; psql's exit code.
    @discardableResult
    public func sql(_ statement: String) throws -> Int32 {
        try runToEnd(
            Self.command("psql", ["-q", "-h", socketDirectory, "-p", "\(port)", "-U", "postgres", "-c", statement]))
    }

    /// Ends the server: `fast` asks it to stop, otherwise it is killed as a crash would (SIGKILL).
    public func stop(fast: Bool = true) {
        guard let watch else { return }
        kill(watch.pid, fast ? SIGINT : SIGKILL)
        if watch.wait(timeout: .seconds(30)) == nil {
            kill(watch.pid, SIGKILL)
            _ = watch.wait(timeout: .seconds(5))
        }
        self.watch = nil
        // Its other processes end once they see the postmaster gone; a new one cannot start before.
        _ = eventually(timeout: .seconds(30)) { Self.processes(in: dataDirectory).isEmpty }
    }

    deinit {
        stop(fast: false)
        _ = try? runToEnd(["/bin/rm", "-rf", socketDirectory])
    }

    /// The processes whose working folder is `directory` (a cluster's server processes all are).
    public static func processes(in directory: String) -> [Int32] {
        guard let folder = opendir("/proc") else { return [] }
        defer { closedir(folder) }
        var found: [Int32] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = Int32(name) else { continue }
            var buffer = [CChar](repeating: 0, count: 4096)
            let count = readlink("/proc/\(pid)/cwd", &buffer, buffer.count - 1)
            guard count > 0 else { continue }
            let cwd = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if cwd == directory { found.append(pid) }
        }
        return found
    }

    private static func chownToPostgres(_ path: String) throws {
        guard let account = getpwnam("postgres") else { throw SystemError("no user postgres", code: ENOENT) }
        guard chown(path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
            throw SystemError("chown \(path)")
        }
    }

    private static func create(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        return fd
    }
}
