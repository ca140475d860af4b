import Glibc
import PunctualCore
import PunctualSystem
import PunctualSystemd
import PunctualTestSupport
import Testing

@Suite("sd_notify on the wire, read by a plain datagram receiver")
struct NotifyWireTests {
    @Test("a path socket receives the datagram byte for byte")
    func pathSocket() throws {
        let path = "/tmp/\(uniqueName("punctual-notify")).sock"
        let receiver = RawDatagramReceiver(path)
        let sender = try NotifySender(address: try NotifySocketAddress(path))
        try sender.send(NotifyMessage([.init("READY", "1"), .init("STATUS", "ready after 12s")]))
        #expect(receiver.receive() == "READY=1\nSTATUS=ready after 12s")
    }

    @Test("an @abstract socket receives it too: the address length counts the name only")
    func abstractSocket() throws {
        let name = "@" + uniqueName("punctual-test")
        let receiver = RawDatagramReceiver(name)
        let sender = try NotifySender(address: try NotifySocketAddress(name))
        let report = StatusReport(state: .starting, text: "starting: 1s of 5m budget", extendBy: .seconds(10))
        try sender.send(SystemdVocabulary.message(for: report))
        #expect(receiver.receive() == "STATUS=starting: 1s of 5m budget\nEXTEND_TIMEOUT_USEC=10000000")
    }

    @Test("the engine's reports in systemd's words")
    func vocabulary() {
        let ready = SystemdVocabulary.message(for: StatusReport(state: .ready, text: "ready after 2s"))
        #expect(ready.description == "READY=1\nSTATUS=ready after 2s")
        let stopping = SystemdVocabulary.message(
            for: StatusReport(state: .stopping, text: "stopping", extendBy: .milliseconds(2500)))
        #expect(stopping.description == "STOPPING=1\nSTATUS=stopping\nEXTEND_TIMEOUT_USEC=2500000")
        #expect(SystemdVocabulary.watchdogPing.description == "WATCHDOG=1")
    }

    @Test("a manager whose queue is full: the message waits until there is room instead of being lost")
    func fullQueue() throws {
        let path = "/tmp/\(uniqueName("punctual-full")).sock"
        let receiver = RawDatagramReceiver(path)
        let filler = try NotifySender(address: try NotifySocketAddress(path))
        let raw = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(raw) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        var queued = 0
        while queued < 100_000 {
            let sent = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(raw, "x", 1, Int32(MSG_DONTWAIT), $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            if sent < 0 { break }
            queued += 1
        }
        try #require(errno == EAGAIN, "the queue never filled after \(queued) datagrams")
        // Room appears 60 ms later, as the queued datagrams are read, in order.
        let fd = receiver.fd
        let count = queued
        try OSThread.start(name: "drain") {
            usleep(60_000)
            var byte: UInt8 = 0
            for _ in 0..<count { _ = recv(fd, &byte, 1, 0) }
        }
        try filler.send(NotifyMessage([.init("READY", "1")]))
        #expect(receiver.receive(timeout: .seconds(2)) == "READY=1")
    }

    @Test("a send to a socket nobody binds fails with an error, not a crash")
    func nobodyListening() throws {
        let sender = try NotifySender(address: try NotifySocketAddress("@" + uniqueName("nobody")))
        #expect(throws: (any Error).self) { try sender.send(NotifyMessage([.init("READY", "1")])) }
    }

    @Test("unusable NOTIFY_SOCKET values are refused with a reason", arguments: ["vsock:2:1234", "relative/path", ""])
    func unsupportedAddresses(value: String) {
        #expect(throws: NotifySocketAddress.Unsupported.self) { try NotifySocketAddress(value) }
    }

    @Test("punctual's own receiver learns the sender's pid from the kernel")
    func credentials() throws {
        let receiver = try NotifyReceiver(uniqueAbstractNameFor: "punctual-test")
        let sender = try NotifySender(address: receiver.address)
        try sender.send(NotifyMessage([.init("STATUS", "hello")]))
        #expect(eventually { !Poller.waitReadable([receiver.fd], timeout: .zero).isEmpty })
        let received = try #require(receiver.receive())
        #expect(received.sender == getpid())
        #expect(received.uid == getuid())
        #expect(received.message["STATUS"] == "hello")
    }

    @Test("WATCHDOG_USEC counts only when WATCHDOG_PID is unset or names this process")
    func watchdogEnvironment() {
        let mine = SystemdEnvironment.read({ ["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "42"][$0] }, pid: 42)
        #expect(mine.watchdogInterval == .seconds(4))
        let other = SystemdEnvironment.read({ ["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "43"][$0] }, pid: 42)
        #expect(other.watchdogInterval == nil)
        let unset = SystemdEnvironment.read({ ["WATCHDOG_USEC": "4000000"][$0] }, pid: 42)
        #expect(unset.watchdogInterval == .seconds(4))
        #expect(!SystemdEnvironment.read({ _ in nil }, pid: 1).isUnderManager)
    }
}
