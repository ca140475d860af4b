import Glibc
import PunctualCore
import PunctualSystem
import Synchronization

/// Real `etcd` members on free loopback ports, each in a folder of its own, for tests: one member or
/// a cluster of several; a member can be killed, stopped and started again on its data. Killed when
/// released.
public final class EtcdCluster: @unchecked Sendable {
    /// Where etcd lives; the tests need it installed (`scripts/test.sh` installs etcd-server).
    public static let executable = "/usr/bin/etcd"

    /// A TLS listener besides the plain one: the server's certificate and key, and the CA client
    /// certificates must chain to (nil: none asked for).
    public struct TLS {
        public let certificate: String
        public let key: String
        public let clientCA: String?

        public init(certificate: String, key: String, clientCA: String?) {
            self.certificate = certificate
            self.key = key
            self.clientCA = clientCA
        }
    }

    public let clientPorts: [UInt16]
    /// The members' TLS ports, when started with TLS.
    public let tlsPorts: [UInt16]
    private let tls: TLS?
    private let peerPorts: [UInt16]
    private let directory: String
    private let clusterToken = uniqueClusterToken()
    private var members: [ExitWatch?]
    /// The token of ``login(user:password:)``, presented with every request after it.
    private let token = Mutex<String?>(nil)

    /// Starts `count` members (each with a TLS listener too, given `tls`) and waits until the cluster answers.
    public init(members count: Int = 1, tls: TLS? = nil) throws {
        guard access(Self.executable, X_OK) == 0 else {
            throw SystemError(
                "\(Self.executable) is not installed: run scripts/test.sh, which installs it", code: ENOENT)
        }
        directory = try makeTemporaryDirectory("etcd")
        clientPorts = try (0..<count).map { _ in try LoopbackPort.unused() }
        tlsPorts = try tls == nil ? [] : (0..<count).map { _ in try LoopbackPort.unused() }
        self.tls = tls
        peerPorts = try (0..<count).map { _ in try LoopbackPort.unused() }
        members = Array(repeating: nil, count: count)
        for index in 0..<count { try start(member: index, waitForCluster: false) }
        guard eventually(timeout: .seconds(30), { self.clientPorts.indices.allSatisfy { self.answers(member: $0) } })
        else {
            throw SystemError("etcd did not answer on \(clientPorts) within 30 s", code: ETIMEDOUT)
        }
    }

    /// `etcd://127.0.0.1:P1,…/PREFIX` for `punctual run --registry`.
    public func url(prefix: String) -> String {
        "etcd://" + clientPorts.map { "127.0.0.1:\($0)" }.joined(separator: ",") + prefix
    }

    /// `etcds://127.0.0.1:T1,…/PREFIX` (`QUERY` added), the TLS listeners.
    public func tlsURL(prefix: String, query: String) -> String {
        "etcds://" + tlsPorts.map { "127.0.0.1:\($0)" }.joined(separator: ",") + prefix + "?" + query
    }

    /// Turns etcd's authentication on: a `root` user, and `user` allowed to read and write under
    /// `prefix`; this cluster's own requests log in as root from then on.
    public func enableAuthentication(user: String, password: String, prefix: String) throws {
        let endpoint = "--endpoints=127.0.0.1:\(clientPorts[0])"
        let root = "--user=root:root-password"
        for arguments in [
            [endpoint, "user", "add", "root", "--new-user-password=root-password"],
            [endpoint, "auth", "enable"],
            [endpoint, root, "user", "add", user, "--new-user-password=\(password)"],
            [endpoint, root, "role", "add", user],
            [endpoint, root, "role", "grant-permission", user, "--prefix=true", "readwrite", prefix],
            [endpoint, root, "user", "grant-role", user, user],
        ] {
            let code = try runToEnd(["/usr/bin/etcdctl"] + arguments, timeout: .seconds(20))
            guard code == 0 else { throw SystemError("etcdctl \(arguments.dropFirst()) exited \(code)", code: EIO) }
        }
        guard case .token(let issued) = call(EtcdGateway.authenticate(user: "root", password: "root-password")) else {
            throw SystemError("etcd gave root no token", code: EACCES)
        }
        token.withLock { $0 = issued }
    }

    /// Starts member `index` again on its data (or for the first time), waiting until it answers.
    public func start(member index: Int, waitForCluster: Bool = true) throws {
        let cluster = peerPorts.indices.map { "m\($0)=http://127.0.0.1:\(peerPorts[$0])" }.joined(separator: ",")
        var clientURLs = "http://127.0.0.1:\(clientPorts[index])"
        if !tlsPorts.isEmpty { clientURLs += ",https://127.0.0.1:\(tlsPorts[index])" }
        var arguments = [
            Self.executable, "--name", "m\(index)", "--data-dir", "\(directory)/m\(index)",
            "--listen-client-urls", clientURLs, "--advertise-client-urls", clientURLs,
            "--listen-peer-urls", "http://127.0.0.1:\(peerPorts[index])",
            "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPorts[index])",
            "--initial-cluster", cluster, "--initial-cluster-token", clusterToken, "--initial-cluster-state", "new",
        ]
        if let tls {
            arguments += ["--cert-file", tls.certificate, "--key-file", tls.key]
            if let clientCA = tls.clientCA { arguments += ["--client-cert-auth", "--trusted-ca-file", clientCA] }
        }
        let log = open("\(directory)/m\(index).log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        defer { close(log) }
        var command = ProcessLauncher.Command(
            path: Self.executable, arguments: arguments, environment: currentEnvironment())
        command.stdin = .null
        command.stdout = .descriptor(log)
        command.stderr = .descriptor(log)
        members[index] = try ProcessLauncher.launch(command)
        if waitForCluster, !eventually(timeout: .seconds(30), { self.answers(member: index) }) {
            throw SystemError("etcd member \(index) did not answer within 30 s", code: ETIMEDOUT)
        }
    }

    /// SIGKILL to member `index`, waiting for its end.
    public func kill(member index: Int) {
        guard let watch = members[index] else { return }
        Glibc.kill(watch.pid, SIGKILL)
        _ = watch.wait(timeout: .seconds(10))
        members[index] = nil
    }

    /// Whether member `index` grants a lease (and so has a leader).
    public func answers(member index: Int) -> Bool {
        if case .lease = call(EtcdGateway.grant(ttlSeconds: 2), member: index) { return true }
        return false
    }

    /// The value under `key`, read from member `index`: `.some(nil)` when there is none, nil with no answer.
    public func value(of key: String, member index: Int = 0) -> String?? {
        let request = EtcdGateway.Request(
            path: "/v3/kv/range", body: "{\"key\": \"\(Base64.encode(Array(key.utf8)))\"}")
        guard let body = exchange(request, member: index), body.contains("\"header\""), !body.contains("\"error\"")
        else { return nil }
        guard let start = body.firstRange(of: "\"value\":\"") else { return .some(nil) }
        let encoded = String(body[start.upperBound...].prefix { $0 != "\"" })
        return .some(Base64.decode(encoded).map { String(decoding: $0, as: UTF8.self) })
    }

    /// The `state` in the value under `key`: `.some(nil)` when there is no key, nil with no answer.
    public func state(of key: String, member index: Int = 0) -> String?? {
        guard let value = value(of: key, member: index) else { return nil }
        guard let value, let start = value.firstRange(of: "\"state\":\"") else { return .some(nil) }
        return .some(String(value[start.upperBound...].prefix { $0 != "\"" }))
    }

    /// Sends `request` to member `index` and reads the answer's meaning.
    package func call(_ request: EtcdGateway.Request, member index: Int = 0) -> EtcdGateway.Answer? {
        exchange(request, member: index).flatMap(EtcdGateway.answer)
    }

    private func exchange(_ request: EtcdGateway.Request, member index: Int) -> String? {
        guard let fd = connectToLoopback(port: Int(clientPorts[index])) else { return nil }
        defer { close(fd) }
        let bytes = EtcdGateway.http(
            request, host: "127.0.0.1:\(clientPorts[index])",
            token: request.path.hasSuffix("authenticate") ? nil : token.withLock { $0 })
        guard bytes.withUnsafeBytes({ FileDescriptorIO.writeAll(fd, $0) }) else { return nil }
        let deadline = ContinuousClock.now + .seconds(2)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            guard !Poller.waitReadable([fd], timeout: deadline - ContinuousClock.now).isEmpty else { return nil }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        return GatewayResponse(received)?.body
    }

    deinit {
        for index in members.indices { kill(member: index) }
        _ = try? runToEnd(["/bin/rm", "-rf", directory])
    }
}

private func uniqueClusterToken() -> String { "punctual-\(getpid())-\(UInt32.random(in: 0...UInt32.max))" }
