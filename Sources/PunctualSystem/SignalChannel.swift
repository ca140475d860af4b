#if !os(Windows)
    import CPunctualLinux
    import PunctualCore

    /// Signals to this process, read from a descriptor instead of interrupting a thread.
    ///
    /// A handler writes each signal's number to a pipe, whichever thread the signal lands on, so this
    /// works in a process whose threads already exist (a Swift service's cooperative pool) as well as
    /// when the process is PID 1 of a namespace. Create one per process.
    package final class SignalChannel: Sendable {
        /// Readable when a signal is pending.
        package let fd: Int32
        private let numbers: [Int32]

        /// Catches `signals` from now on, until ``close()``.
        package init(_ signals: [Signal]) throws(SystemError) {
            let numbers = signals.map(\.number)
            let fd = numbers.withUnsafeBufferPointer { cpunctual_signal_pipe($0.baseAddress, Int32($0.count)) }
            guard fd >= 0 else { throw SystemError("sigaction", code: -fd) }
            self.fd = fd
            self.numbers = numbers
        }

        /// Gives the signals back their default action and closes the descriptor; use the channel no more.
        package func close() {
            numbers.withUnsafeBufferPointer { cpunctual_signal_pipe_close(fd, $0.baseAddress, Int32($0.count)) }
        }

        /// The next pending signal, or nil.
        package func next() -> Signal? {
            let number = cpunctual_read_signal_pipe(fd)
            return number > 0 ? Signal(number: number) : nil
        }
    }
#endif
