import Glibc
import PunctualCore
import PunctualProbes
import PunctualSystem
import Synchronization
import Testing

/// A TCP socket listening on `host` (numeric) at a port the kernel chose; dual-stack when `host` is `::`.
private func listener(_ host: String) throws -> (fd: Int32, port: UInt16) {
    let address = try #require(SocketAddresses.resolve(Endpoint(host: host, port: 0)).first)
    let family = Int32(address.withUnsafeBytes { $0.load(as: sa_family_t.self) })
    let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    try #require(fd >= 0)
    var off: Int32 = 0
    if family == AF_INET6 {
        setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &off, socklen_t(MemoryLayout<Int32>.size))
    }
    var storage = sockaddr_storage()
    address.withUnsafeBytes { source in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) } }
    var length = socklen_t(address.count)
    let listening = withUnsafeMutablePointer(to: &storage) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && listen(fd, 4) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    try #require(listening, "cannot listen on \(host)")
    let port = withUnsafeBytes(of: storage) { bytes in
        UInt16(bigEndian: bytes.load(fromByteOffset: 2, as: UInt16.self))
    }
    return (fd, port)
}

private func lookup(_ host: String, _ port: UInt16) -> ListenerLookup? {
    SocketAddresses.resolve(Endpoint(host: host, port: port)).first.flatMap { ListenerLookup(address: $0) }
}

@Suite("Asking the kernel whether a loopback port listens, before connecting")
struct ListenerLookupTests {
    @Test("a listener on 127.0.0.1, on 0.0.0.0 and on dual-stack [::] is found at 127.0.0.1; one on ::1 at ::1")
    func found() throws {
        for (bound, asked) in [
            ("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "127.0.0.1"), ("::", "127.0.0.1"), ("::1", "::1"),
        ] {
            let (fd, port) = try listener(bound)
            let answer = try #require(lookup(asked, port), "no lookup for \(asked)")
            #expect(answer.isListening() == true, "listening on \(bound), asked at \(asked)")
            close(fd)
            #expect(answer.isListening() == false, "closed on \(bound), asked at \(asked)")
        }
    }

    @Test("a bound socket that does not listen yet is not a listener")
    func boundOnly() throws {
        let (fd, port) = try LoopbackPort.bound()
        defer { close(fd) }
        #expect(try #require(lookup("127.0.0.1", port)).isListening() == false)
    }

    @Test("no lookup for an address that is not loopback: another host's sockets are not the kernel's to tell")
    func notLoopback() {
        #expect(lookup("192.0.2.1", 80) == nil)
        #expect(lookup("10.1.2.3", 80) == nil)
        #expect(lookup("2001:db8::1", 80) == nil)
    }

    @Test("probes that connect to a numeric loopback address are gated; a name, a file or exec are not")
    func gatedKinds() throws {
        let port = try LoopbackPort.unused()
        let endpoint = Endpoint(host: "127.0.0.1", port: port)
        let gated: [ProbeSpec] = [
            .tcp(endpoint), .http(HTTPTarget(endpoint: endpoint, path: "/")),
            try ProbeSpecParser.parse("redis://127.0.0.1:\(port)"), try ProbeSpecParser.parse("grpc://[::1]:\(port)"),
            try ProbeSpecParser.parse("postgres://127.0.0.1:\(port)"),
        ]
        for spec in gated { #expect(makePolledProbe(spec, environment: []) is ListenerGatedProbe, "\(spec)") }
        let direct: [ProbeSpec] = [
            .tcp(Endpoint(host: "localhost", port: port)), .file("/nonexistent"), .exec("true"),
            try ProbeSpecParser.parse("postgres:///app?host=/run/postgresql"),
        ]
        for spec in direct { #expect(!(makePolledProbe(spec, environment: []) is ListenerGatedProbe), "\(spec)") }
    }

    @Test("a gated tcp probe: refused while nothing listens, passes once a server does")
    func gatedTCP() throws {
        let port = try LoopbackPort.unused()
        let probe = try #require(makePolledProbe(.tcp(Endpoint(host: "127.0.0.1", port: port)), environment: []))
        for _ in 0..<5 {
            #expect(probe.check(timeout: .seconds(1)) == ProbeResult(passed: false, detail: "connection refused"))
        }
        let (fd, listening) = try listener("127.0.0.1")
        defer { close(fd) }
        let open = try #require(makePolledProbe(.tcp(Endpoint(host: "127.0.0.1", port: listening)), environment: []))
        #expect(open.check(timeout: .seconds(1)) == ProbeResult(passed: true, detail: "connected"))
    }

    @Test("while the kernel says nothing listens the probe connects once a second, for ports NAT forwards elsewhere")
    func connectsRegardless() {
        let inner = CountingProbe()
        let clock = Mutex(ContinuousClock.now)
        let origin = clock.withLock { $0 }
        let listening = Mutex<Bool?>(false)
        let probe = ListenerGatedProbe(
            inner, isListening: { listening.withLock { $0 } }, now: { clock.withLock { $0 } })
        func check(at seconds: Double) -> ProbeResult {
            clock.withLock { $0 = origin + .milliseconds(Int64(seconds * 1000)) }
            return probe.check(timeout: .seconds(1))
        }
        #expect(check(at: 0).passed, "the first check connects")
        #expect(inner.connections.load(ordering: .relaxed) == 1)
        for second in [0.01, 0.5, 0.99] {
            #expect(check(at: second) == ProbeResult(passed: false, detail: "connection refused"))
        }
        #expect(inner.connections.load(ordering: .relaxed) == 1)
        #expect(check(at: 1.0).passed)
        #expect(inner.connections.load(ordering: .relaxed) == 2)
        listening.withLock { $0 = true }
        #expect(check(at: 1.01).passed)
        listening.withLock { $0 = nil }
        #expect(check(at: 1.02).passed, "a kernel that cannot say lets the probe connect")
        #expect(inner.connections.load(ordering: .relaxed) == 4)
    }
}

/// Stands for a connection that succeeds, counting each attempt.
private final class CountingProbe: PolledProbe {
    let connections = Atomic(0)

    func check(timeout: Duration) -> ProbeResult {
        connections.add(1, ordering: .relaxed)
        return ProbeResult(passed: true, detail: "connected")
    }
}
