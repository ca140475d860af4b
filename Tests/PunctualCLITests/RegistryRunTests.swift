import Glibc
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite(
    "punctual run --registry against a real etcd: the key tells the lifecycle, and only the truth keeps it", .serialized
)
struct RegistryRunTests {
    /// A program ready (it says `up`) after `seconds`, then quiet until stopped.
    static func program(readyAfter seconds: Double) -> [String] {
        ["--ready", "log:up", "--", "sh", "-c", "sleep \(seconds); echo up; exec sleep 60"]
    }

    @Test("STARTING, RUNNING within 100 ms of READY=1, STOPPING within 100 ms of STOPPING=1, then gone")
    func wholeLife() throws {
        let etcd = try EtcdCluster()
        let watcher = try KeyWatcher(etcd, key: "/services/api/a1")
        defer { watcher.stop() }
        let listener = try NotifyListener()
        let punctual = try PunctualProcess(
            [
                "run", "--registry", etcd.url(prefix: "/services/api"), "--instance-id", "a1", "--address",
                "127.0.0.1:8080", "--shutdown-delay", "1s",
            ] + Self.program(readyAfter: 1), environment: listener.environment)
        let readyAt = try #require(
            listener.timedMessages(until: { $0["READY"] == "1" }).last { $0.message["READY"] == "1" }?.at,
            "no READY=1: \(punctual.stderr)")
        #expect(watcher.wait(for: "RUNNING", timeout: .seconds(2)), "\(punctual.stderr)")
        let value = try #require(etcd.value(of: "/services/api/a1") ?? nil)
        #expect(value.hasPrefix("{\"state\":\"RUNNING\",\"since\":"))
        #expect(value.hasSuffix(",\"address\":\"127.0.0.1:8080\"}"))

        punctual.send(SIGTERM)
        let stoppingAt = try #require(
            listener.timedMessages(until: { $0["STOPPING"] == "1" }).last { $0.message["STOPPING"] == "1" }?.at)
        let result = punctual.finish(timeout: .seconds(10))
        #expect(etcd.state(of: "/services/api/a1") == .some(nil), "the lease is revoked before punctual exits")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(watcher.wait(for: nil, timeout: .seconds(1)))

        #expect(watcher.states == [nil, "STARTING", "RUNNING", "STOPPING", nil], "\(result.stderr)")
        let running = try #require(watcher.firstTime("RUNNING"))
        let stopping = try #require(watcher.firstTime("STOPPING"))
        let gone = try #require(watcher.firstTime(nil))
        #expect(abs((running - readyAt).seconds) <= 0.1, "RUNNING \(running - readyAt) from READY=1")
        #expect(abs((stopping - stoppingAt).seconds) <= 0.1, "STOPPING \(stopping - stoppingAt) from STOPPING=1")
        #expect(gone - stopping >= .milliseconds(900), "STOPPING held through the shutdown delay")
        #expect(result.stderr.contains("registry: lease revoked, /services/api/a1 removed"))
    }

    @Test("kill -9 of punctual: the key expires within the TTL + 1 s, and nothing of the tree is left")
    func killed() throws {
        let etcd = try EtcdCluster()
        let watcher = try KeyWatcher(etcd, key: "/services/api/k1")
        defer { watcher.stop() }
        let tag = uniqueTag()
        let punctual = try PunctualProcess(
            ["run", "--registry", etcd.url(prefix: "/services/api"), "--instance-id", "k1", "--registry-ttl", "3s"]
                + Self.program(readyAfter: 0.2), environment: ["KILL_TAG": tag])
        #expect(watcher.wait(for: "RUNNING", timeout: .seconds(5)), "\(punctual.stderr)")
        pause(.milliseconds(1500))
        kill(punctual.pid, SIGKILL)
        let killedAt = ContinuousClock.now
        _ = punctual.finish(timeout: .seconds(5))
        #expect(watcher.wait(for: nil, timeout: .seconds(6)))
        let gone = try #require(watcher.firstTime(nil))
        #expect(gone - killedAt <= .seconds(4), "gone \(gone - killedAt) after the kill; TTL 3s")
        #expect(gone - killedAt >= .milliseconds(1500), "the key went by expiry, not at once: \(gone - killedAt)")
        #expect(eventually(timeout: .seconds(5)) { processes(withEnvironment: "KILL_TAG=\(tag)").isEmpty })
    }

    @Test("a start that stops showing life: its key goes within the TTL + 1 s while the start is still within budget")
    func hungStart() throws {
        let etcd = try EtcdCluster()
        let closed = try ClosedPort()
        let watcher = try KeyWatcher(etcd, key: "/services/api/h1")
        defer { watcher.stop() }
        let punctual = try PunctualProcess([
            "run", "--registry", etcd.url(prefix: "/services/api"), "--instance-id", "h1", "--registry-ttl", "3s",
            "--startup-budget", "60s", "--ready", "tcp:127.0.0.1:\(closed.port)", "--", "sh", "-c",
            "echo loading; exec sleep 60",
        ])
        #expect(watcher.wait(for: "STARTING", timeout: .seconds(5)), "\(punctual.stderr)")
        let registered = try #require(watcher.firstTime("STARTING"))
        #expect(watcher.wait(for: nil, timeout: .seconds(6)))
        let gone = try #require(watcher.firstTime(nil))
        #expect(gone - registered <= .seconds(4) + .milliseconds(200), "gone \(gone - registered) after the last life")
        #expect(isAlive(punctual.pid), "the start is still under way, within its budget")
        #expect(punctual.waitForOutput("the lease ran out"))
        punctual.send(SIGTERM)
        let result = punctual.finish(timeout: .seconds(10))
        #expect(result.exitCode == 124 || result.exitCode == 0, "\(result.stderr)")
    }

    @Test("etcd down at the start: ready on time all the same, and the key appears once etcd answers")
    func downAtStart() throws {
        let etcd = try EtcdCluster()
        etcd.kill(member: 0)
        let watcher = try KeyWatcher(etcd, key: "/services/api/d1")
        defer { watcher.stop() }
        let listener = try NotifyListener()
        let spawnedAt = ContinuousClock.now
        let punctual = try PunctualProcess(
            ["run", "--registry", etcd.url(prefix: "/services/api"), "--instance-id", "d1"]
                + Self.program(readyAfter: 1), environment: listener.environment)
        let readyAt = try #require(
            listener.timedMessages(until: { $0["READY"] == "1" }).last { $0.message["READY"] == "1" }?.at,
            "no READY=1: \(punctual.stderr)")
        #expect(readyAt - spawnedAt <= .milliseconds(1500), "ready \(readyAt - spawnedAt) after the spawn")
        #expect(punctual.waitForOutput("(the service is not held up)"))
        pause(.seconds(2))
        try etcd.start(member: 0)
        let answering = ContinuousClock.now
        #expect(watcher.wait(for: "RUNNING", timeout: .seconds(5)), "\(punctual.stderr)")
        let registered = try #require(watcher.firstTime("RUNNING"))
        #expect(
            registered - answering <= .milliseconds(2500), "registered \(registered - answering) after etcd answered")
        punctual.send(SIGTERM)
        let result = punctual.finish(timeout: .seconds(10))
        #expect(result.exitCode == 0)
        #expect(watcher.wait(for: nil, timeout: .seconds(1)))
        #expect(result.stderr.split(separator: "\n").filter { $0.contains("not held up") }.count == 1, "said once")
    }

    @Test("etcd down during the start: ready on time; once etcd is back, the key says RUNNING")
    func downDuringStart() throws {
        let etcd = try EtcdCluster()
        let watcher = try KeyWatcher(etcd, key: "/services/api/d2")
        defer { watcher.stop() }
        let listener = try NotifyListener()
        let spawnedAt = ContinuousClock.now
        let punctual = try PunctualProcess(
            ["run", "--registry", etcd.url(prefix: "/services/api"), "--instance-id", "d2"]
                + Self.program(readyAfter: 2), environment: listener.environment)
        #expect(watcher.wait(for: "STARTING", timeout: .seconds(2)), "\(punctual.stderr)")
        etcd.kill(member: 0)
        let readyAt = try #require(
            listener.timedMessages(until: { $0["READY"] == "1" }).last { $0.message["READY"] == "1" }?.at,
            "no READY=1: \(punctual.stderr)")
        #expect(readyAt - spawnedAt <= .milliseconds(2500), "ready \(readyAt - spawnedAt) after the spawn")
        try etcd.start(member: 0)
        let answering = ContinuousClock.now
        #expect(eventually(timeout: .seconds(5)) { etcd.state(of: "/services/api/d2") == .some("RUNNING") })
        #expect(ContinuousClock.now - answering <= .milliseconds(2600))
        #expect(punctual.waitForOutput("answers again"), "\(punctual.stderr)")
        punctual.send(SIGTERM)
        #expect(punctual.finish(timeout: .seconds(10)).exitCode == 0)
        #expect(eventually(timeout: .seconds(2)) { etcd.state(of: "/services/api/d2") == .some(nil) })
    }

    @Test("one member of three killed: the registration goes on through another, the key never gone")
    func memberLost() throws {
        let etcd = try EtcdCluster(members: 3)
        let watcher = try KeyWatcher(etcd, key: "/services/api/c1")
        defer { watcher.stop() }
        let punctual = try PunctualProcess(
            ["run", "--registry", etcd.url(prefix: "/services/api"), "--instance-id", "c1", "--registry-ttl", "3s"]
                + Self.program(readyAfter: 0.2))
        #expect(watcher.wait(for: "RUNNING", timeout: .seconds(5)), "\(punctual.stderr)")
        etcd.kill(member: 0)
        pause(.seconds(9))
        #expect(
            watcher.states == [nil, "STARTING", "RUNNING"] || watcher.states == [nil, "RUNNING"], "\(watcher.states)")
        #expect(etcd.state(of: "/services/api/c1", member: 1) == .some("RUNNING"))
        #expect(punctual.stderr.contains("trying etcd at 127.0.0.1:\(etcd.clientPorts[1])"), "\(punctual.stderr)")
        punctual.send(SIGTERM)
        #expect(punctual.finish(timeout: .seconds(10)).exitCode == 0)
        #expect(etcd.state(of: "/services/api/c1", member: 2) == .some(nil), "revoked through a live member")
    }

    @Test("etcds:// with a client certificate: registered over TLS; without the certificate, refused and said")
    func mutualTLS() throws {
        let folder = try makeTemporaryDirectory("etcd-tls")
        defer { removeFlatDirectory(folder) }
        try runToEnd(["/bin/mkdir", folder + "/server", folder + "/client"])
        defer { removeFlatDirectory(folder + "/server") }
        defer { removeFlatDirectory(folder + "/client") }
        let server = try TLSServer.makeCertificate(in: folder + "/server", names: ["IP:127.0.0.1"])
        let client = try TLSServer.makeCertificate(in: folder + "/client", names: ["DNS:punctual"])
        // etcd's JSON gateway calls its own gRPC listener with the server's certificate: with client
        // certificates asked for, that one must be trusted as well.
        let trusted = folder + "/trusted.pem"
        try
            (String(decoding: FileDescriptorIO.readFile(client.certificate) ?? [], as: UTF8.self)
            + String(decoding: FileDescriptorIO.readFile(server.certificate) ?? [], as: UTF8.self)).write(to: trusted)
        let etcd = try EtcdCluster(tls: .init(certificate: server.certificate, key: server.key, clientCA: trusted))
        let url = etcd.tlsURL(
            prefix: "/services/api", query: "ca=\(server.certificate)&cert=\(client.certificate)&key=\(client.key)")
        let punctual = try PunctualProcess(
            ["run", "--registry", url, "--instance-id", "t1"] + Self.program(readyAfter: 0.2))
        #expect(
            eventually(timeout: .seconds(5)) { etcd.state(of: "/services/api/t1") == .some("RUNNING") },
            "\(punctual.stderr)")
        punctual.send(SIGTERM)
        #expect(punctual.finish(timeout: .seconds(10)).exitCode == 0)
        #expect(etcd.state(of: "/services/api/t1") == .some(nil))

        let anonymous = try PunctualProcess(
            [
                "run", "--registry", etcd.tlsURL(prefix: "/services/api", query: "ca=\(server.certificate)"),
                "--instance-id", "t2",
            ] + Self.program(readyAfter: 0.2))
        #expect(anonymous.waitForOutput("ready after"))
        #expect(anonymous.waitForOutput("(the service is not held up)"), "\(anonymous.stderr)")
        #expect(etcd.state(of: "/services/api/t2") == .some(nil))
        anonymous.send(SIGTERM)
        #expect(anonymous.finish(timeout: .seconds(10)).exitCode == 0)
    }

    @Test("a user whose password is in a file: logged in; a wrong password is said once and the service runs on")
    func authentication() throws {
        let folder = try makeTemporaryDirectory("etcd-auth")
        defer { removeFlatDirectory(folder) }
        let etcd = try EtcdCluster()
        try etcd.enableAuthentication(user: "api", password: "s3cret", prefix: "/services/api/")
        try "s3cret\n".write(to: folder + "/password")
        try "wrong\n".write(to: folder + "/wrong")
        let base = etcd.url(prefix: "/services/api").replacing("etcd://", with: "etcd://api@")
        let punctual = try PunctualProcess(
            ["run", "--registry", base + "?password-file=\(folder)/password", "--instance-id", "u1"]
                + Self.program(readyAfter: 0.2))
        #expect(eventually(timeout: .seconds(5)) { etcd.state(of: "/services/api/u1") == .some("RUNNING") })
        #expect(!punctual.stderr.contains("s3cret"))
        let refused = try PunctualProcess(
            ["run", "--registry", base + "?password-file=\(folder)/wrong", "--instance-id", "u2"]
                + Self.program(readyAfter: 0.2))
        #expect(refused.waitForOutput("ready after"))
        pause(.seconds(2))
        #expect(etcd.state(of: "/services/api/u2") == .some(nil))
        for process in [punctual, refused] { process.send(SIGTERM) }
        let result = refused.finish(timeout: .seconds(10))
        #expect(punctual.finish(timeout: .seconds(10)).exitCode == 0)
        #expect(result.exitCode == 0)
        let refusals = result.stderr.split(separator: "\n").filter { $0.contains("registry: etcd refused") }
        #expect(refusals.count == 1, "\(result.stderr)")
        #expect(refusals.first?.contains("authentication failed") == true, "\(refusals)")
        #expect(!result.stderr.contains("wrong"))
    }

    @Test("--on-state exec: each transition once, in order, with the instance and the address")
    func hook() throws {
        let folder = try makeTemporaryDirectory("hook")
        defer { removeFlatDirectory(folder) }
        let punctual = try PunctualProcess(
            [
                "run", "--instance-id", "h1", "--address", "10.0.0.7:8080", "--on-state",
                "exec:echo \"$PUNCTUAL_STATE $PUNCTUAL_INSTANCE $PUNCTUAL_ADDRESS\" >> \(folder)/states",
            ] + Self.program(readyAfter: 0.3))
        #expect(punctual.waitForOutput("ready after"))
        #expect(eventually(timeout: .seconds(2)) { lines(of: folder + "/states").count == 2 })
        punctual.send(SIGTERM)
        #expect(punctual.finish(timeout: .seconds(10)).exitCode == 0)
        #expect(
            lines(of: folder + "/states") == [
                "STARTING h1 10.0.0.7:8080", "RUNNING h1 10.0.0.7:8080", "STOPPING h1 10.0.0.7:8080",
                "STOPPED h1 10.0.0.7:8080",
            ])
    }

    @Test("a hook that hangs is killed at its timeout, with its children; the lifecycle never waits for it")
    func hangingHook() throws {
        let folder = try makeTemporaryDirectory("hook")
        defer { removeFlatDirectory(folder) }
        let tag = uniqueTag()
        let listener = try NotifyListener()
        let spawnedAt = ContinuousClock.now
        let punctual = try PunctualProcess(
            [
                "run", "--on-state-timeout", "1s", "--on-state",
                "exec:echo $PUNCTUAL_STATE >> \(folder)/states; [ $PUNCTUAL_STATE = STARTING ] && HANG_TAG=\(tag) sleep 60; true",
            ] + Self.program(readyAfter: 0.2), environment: listener.environment)
        let readyAt = try #require(
            listener.timedMessages(until: { $0["READY"] == "1" }).last { $0.message["READY"] == "1" }?.at,
            "no READY=1: \(punctual.stderr)")
        #expect(readyAt - spawnedAt <= .milliseconds(700), "READY=1 waited for the hook: \(readyAt - spawnedAt)")
        #expect(punctual.waitForOutput("on-state hook for STARTING: killed after 1s (--on-state-timeout)"))
        #expect(eventually(timeout: .seconds(2)) { processes(withEnvironment: "HANG_TAG=\(tag)").isEmpty })
        punctual.send(SIGTERM)
        let result = punctual.finish(timeout: .seconds(10))
        #expect(result.exitCode == 0)
        #expect(lines(of: folder + "/states") == ["STARTING", "RUNNING", "STOPPING", "STOPPED"])
        #expect(eventually(timeout: .seconds(2)) { processes(withEnvironment: "HANG_TAG=\(tag)").isEmpty })
    }
}

private func lines(of path: String) -> [String] {
    String(decoding: FileDescriptorIO.readFile(path) ?? [], as: UTF8.self).split(separator: "\n").map(String.init)
}

private func pause(_ duration: Duration) {
    var time = timespec(
        tv_sec: Int(duration.components.seconds), tv_nsec: Int(duration.components.attoseconds / 1_000_000_000))
    nanosleep(&time, nil)
}

extension String {
    /// Writes the text to a new file at `path`.
    fileprivate func write(to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        defer { close(fd) }
        guard Array(utf8).withUnsafeBytes({ FileDescriptorIO.writeAll(fd, $0) }) else { throw SystemError("write") }
    }
}
