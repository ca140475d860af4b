import PunctualCore
import PunctualSystem
import PunctualSystemd

/// Plays systemd's side of `NOTIFY_SOCKET`: collects what the process under test sends, and when.
final class NotifyListener: Sendable {
    let receiver: NotifyReceiver

    init() throws { receiver = try NotifyReceiver(uniqueAbstractNameFor: "punctual-cli-test") }

    /// The environment that points a process at this listener.
    var environment: [String: String] { ["NOTIFY_SOCKET": receiver.address.description] }

    /// The messages received within `timeout`, up to and including the first that satisfies `last`.
    func messages(until last: (NotifyMessage) -> Bool, timeout: Duration = .seconds(10)) -> [NotifyMessage] {
        timedMessages(until: last, timeout: timeout).map(\.message)
    }

    /// Like ``messages(until:timeout:)``, with the moment each message arrived.
    func timedMessages(until last: (NotifyMessage) -> Bool, timeout: Duration = .seconds(10))
        -> [(at: ContinuousClock.Instant, message: NotifyMessage)]
    {
        var received: [(at: ContinuousClock.Instant, message: NotifyMessage)] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            _ = Poller.waitReadable([receiver.fd], timeout: deadline - ContinuousClock.now)
            while let datagram = receiver.receive() {
                received.append((ContinuousClock.now, datagram.message))
                if last(datagram.message) { return received }
            }
        }
        return received
    }
}
