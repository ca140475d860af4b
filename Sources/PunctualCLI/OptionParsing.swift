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
            throw UsageError(message: "\(flag) '\(text)': \(error.reason)", example: example)
        }
    }
}
