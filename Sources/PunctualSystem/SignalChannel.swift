import CPunctualLinux
import PunctualCore

/// Signals to this process, read from a descriptor instead of interrupting a thread.
public final class SignalChannel: Sendable {
    /// Readable when a signal is pending.
    public let fd: Int32

    /// Blocks `signals` in this thread and every thread started after, and opens a signalfd for them.
    /// Call it before starting any thread.
    public init(_ signals: [Signal]) throws(SystemError) {
        let numbers = signals.map(\.number)
        let blocked = numbers.withUnsafeBufferPointer { cpunctual_block_signals($0.baseAddress, Int32($0.count)) }
        guard blocked == 0 else { throw SystemError("sigaction", code: -blocked) }
        let fd = numbers.withUnsafeBufferPointer { cpunctual_signalfd($0.baseAddress, Int32($0.count)) }
        guard fd >= 0 else { throw SystemError("signalfd", code: -fd) }
        self.fd = fd
    }

    /// The next pending signal, or nil.
    public func next() -> Signal? {
        let number = cpunctual_read_signal(fd)
        return number > 0 ? Signal(number: number) : nil
    }
}
