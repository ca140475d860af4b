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
        for spec in gated { #expect(makeReadinessProbe(spec, environment: []) is ListenerGatedProbe, "\(spec)") }
        let direct: [ProbeSpec] = [
            .tcp(Endpoint(host: "localhost", port: port)), .file("/nonexistent"), .exec("true"),
            try ProbeSpecParser.parse("postgres:///app?host=/run/postgresql"),
        ]
        for spec in direct { #expect(!(makeReadinessProbe(spec, environment: []) is ListenerGatedProbe), "\(spec)") }
    }

    @Test("a gated tcp probe: refused while nothing listens, passes once a server does")
    func gatedTCP() throws {
        let port = try LoopbackPort.unused()
        let probe = try #require(makeReadinessProbe(.tcp(Endpoint(host: "127.0.0.1", port: port)), environment: []))
        for _ in 0..<5 {
            #expect(probe.check(timeout: .seconds(1)) == ProbeResult(passed: false, detail: "connection refused"))
        }
        let (fd, listening) = try listener("127.0.0.1")
        defer { close(fd) }
        let open = try #require(makeReadinessProbe(.tcp(Endpoint(host: "127.0.0.1", port: listening)), environment: []))
        #expect(open.check(timeout: .seconds(1)) == ProbeResult(passed: true, detail: "connected"))
    }

    /// What the test holds in its hands: the clock and the kernel's answer.
    private final class Controls: Sendable {
        let clock = Mutex(ContinuousClock.now)
        let listening = Mutex<Bool?>(false)
    }

    /// A gated probe over `inner`, the kernel's answer and the clock set by the test.
    private struct Gated {
        let inner = ScriptedProbe()
        let controls = Controls()
        let origin: ContinuousClock.Instant
        let probe: ListenerGatedProbe

        init() {
            let controls = controls
            origin = controls.clock.withLock { $0 }
            probe = ListenerGatedProbe(
                inner, isListening: { controls.listening.withLock { $0 } }, now: { controls.clock.withLock { $0 } })
        }

        func check(at seconds: Double) -> ProbeResult {
            controls.clock.withLock { $0 = origin + .milliseconds(Int64(seconds * 1000)) }
            return probe.check(timeout: .seconds(1))
        }

        func kernelSays(_ listening: Bool?) { controls.listening.withLock { $0 = listening } }

        var asked: Int { inner.asked.load(ordering: .relaxed) }
    }

    static let refused = ProbeResult(passed: false, detail: "connection refused")
    static let connected = ProbeResult(passed: true, detail: "connected")

    @Test("while the kernel says nothing listens the last failure stands, and the probe is asked once a second")
    func askedOnceASecond() {
        let gated = Gated()
        gated.inner.answer(Self.refused)
        #expect(gated.check(at: 0) == Self.refused, "the first check asks the probe")
        #expect(gated.asked == 1)
        for second in [0.01, 0.5, 0.99] { #expect(gated.check(at: second) == Self.refused) }
        #expect(gated.asked == 1)
        #expect(gated.check(at: 1.0) == Self.refused)
        #expect(gated.asked == 2)
        gated.kernelSays(true)
        gated.inner.answer(Self.connected)
        #expect(gated.check(at: 1.01) == Self.connected)
        #expect(gated.asked == 3)
    }

    @Test("an answer other than refused stands unchanged while gated: nothing alternates to look like progress")
    func otherFailureStands() {
        let gated = Gated()
        let missing = ProbeResult(passed: false, detail: "cannot read the password file", misconfigured: true)
        gated.inner.answer(missing)
        for second in [0, 0.2, 0.4, 0.6, 0.8] { #expect(gated.check(at: second) == missing) }
        #expect(gated.asked == 1)
    }

    @Test("a probe that passes where the kernel sees no listener (a port NAT forwards) is asked every time after")
    func forwardedPort() {
        let gated = Gated()
        gated.inner.answer(Self.refused)
        _ = gated.check(at: 0)
        gated.inner.answer(Self.connected)
        #expect(gated.check(at: 1.0) == Self.connected)
        gated.inner.answer(Self.refused)
        for second in [1.1, 1.2, 1.3] { #expect(gated.check(at: second) == Self.refused) }
        #expect(gated.asked == 5)
    }

    @Test("a kernel that cannot say lets the probe be asked")
    func unknown() {
        let gated = Gated()
        gated.kernelSays(nil)
        gated.inner.answer(Self.refused)
        for second in [0, 0.1, 0.2] { #expect(gated.check(at: second) == Self.refused) }
        #expect(gated.asked == 3)
    }
}

/// Stands for a probe: gives the answer it was last told to, counting each time it is asked.
private final class ScriptedProbe: PolledProbe {
    let asked = Atomic(0)
    private let next = Mutex(ProbeResult(passed: false, detail: "connection refused"))

    func answer(_ result: ProbeResult) { next.withLock { $0 = result } }

    func check(timeout: Duration) -> ProbeResult {
        asked.add(1, ordering: .relaxed)
        return next.withLock { $0 }
    }
}
