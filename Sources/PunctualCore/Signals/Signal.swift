/// A POSIX signal, by its Linux number.
package struct Signal: Hashable, Sendable, CustomStringConvertible {
    /// The signal number.
    package let number: Int32

    package init(number: Int32) { self.number = number }

    package static let hangup = Signal(number: 1)
    package static let interrupt = Signal(number: 2)
    package static let quit = Signal(number: 3)
    package static let abort = Signal(number: 6)
    package static let kill = Signal(number: 9)
    package static let user1 = Signal(number: 10)
    package static let user2 = Signal(number: 12)
    package static let pipe = Signal(number: 13)
    package static let terminate = Signal(number: 15)
    package static let `continue` = Signal(number: 18)

    private static let names: [(name: String, number: Int32)] = [
        ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("ABRT", 6), ("BUS", 7), ("FPE", 8),
        ("KILL", 9), ("USR1", 10), ("SEGV", 11), ("USR2", 12), ("PIPE", 13), ("ALRM", 14), ("TERM", 15),
        ("STKFLT", 16), ("CHLD", 17), ("CONT", 18), ("STOP", 19), ("TSTP", 20), ("TTIN", 21), ("TTOU", 22),
        ("URG", 23), ("XCPU", 24), ("XFSZ", 25), ("VTALRM", 26), ("PROF", 27), ("WINCH", 28), ("IO", 29),
        ("PWR", 30), ("SYS", 31),
    ]

    /// The conventional name, such as `SIGTERM`.
    package var description: String {
        if let entry = Signal.names.first(where: { $0.number == number }) { return "SIG" + entry.name }
        return "signal \(number)"
    }

    /// Reads `TERM`, `SIGTERM`, `term` or `15`; nil when no such signal exists.
    package init?(parsing text: String) {
        if let value = Int32(text) {
            guard value > 0, value < 65 else { return nil }
            self.number = value
            return
        }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        guard let entry = Signal.names.first(where: { $0.name == name }) else { return nil }
        self.number = entry.number
    }
}
