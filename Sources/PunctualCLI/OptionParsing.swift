import PunctualCore

/// Turns option values into typed settings, or into a ``UsageError`` that names the flag.
enum OptionParsing {
    static func duration(_ text: String, flag: String, example: String, allowZero: Bool = false) throws(UsageError)
        -> Duration
    {
        let value: Duration
        do {
            value = try DurationParser.parse(text)
        } catch {
            throw UsageError(
                message: "\(flag) '\(text)' is not a duration: \(error.reason)", example: "\(flag) \(example)")
        }
        guard allowZero || value > .zero else {
            throw UsageError(message: "\(flag) must be longer than zero", example: "\(flag) \(example)")
        }
        return value
    }

    /// A size in bytes: a number with an optional K, M or G (powers of 1024).
    static func size(_ text: String, flag: String, example: String) throws(UsageError) -> UInt64 {
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        let unit = text.last.flatMap { units[Character($0.uppercased())] }
        let number = unit == nil ? Substring(text) : text.dropLast()
        guard let value = UInt64(number), value > 0, value <= (1 << 40) / (unit ?? 1) else {
            throw UsageError(message: "\(flag) '\(text)' is not a size", example: "\(flag) \(example)")
        }
        return value * (unit ?? 1)
    }

    static func signal(_ text: String, flag: String) throws(UsageError) -> Signal {
        guard let signal = Signal(parsing: text), signal != .kill else {
            throw UsageError(
                message: "\(flag) '\(text)' is not a signal a program can catch",
                example: "\(flag) QUIT (or TERM, INT, HUP, USR1, USR2, a number)")
        }
        return signal
    }

    static func probe(_ text: String, flag: String = "--ready") throws(UsageError) -> ProbeSpec {
        do {
            return try ProbeSpecParser.parse(text)
        } catch {
            let example = error.example.replacing("--ready", with: flag)
            throw UsageError(message: "\(flag) '\(error.text)': \(error.reason)", example: example)
        }
    }
}
