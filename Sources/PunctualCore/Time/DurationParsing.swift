/// Reads durations the way operators write them in unit files and on command lines.
///
/// Accepts a number with a unit (`500ms`, `90s`, `5m`, `1h`, `2d`), sums of them (`1m30s`,
/// `1h 5m`), decimals (`1.5s`) and a bare number, which means seconds as in systemd.
package enum DurationParser {
    /// Why a text is not a duration.
    package struct Failure: Error, Equatable, Sendable {
        package let text: String
        package let reason: String
    }

    private static let units: [(suffix: String, nanoseconds: Double)] = [
        ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("sec", 1e9), ("s", 1e9), ("min", 60e9), ("m", 60e9),
        ("hr", 3600e9), ("h", 3600e9), ("d", 86400e9),
    ]

    /// Parses `text` into a duration, or explains why it cannot.
    package static func parse(_ text: String) throws(Failure) -> Duration {
        let trimmed = text.filter { $0 != " " }
        guard !trimmed.isEmpty else { throw Failure(text: text, reason: "it is empty") }
        if let seconds = Double(trimmed) {
            guard seconds.isFinite else { throw Failure(text: text, reason: "it is not a number of seconds") }
            guard seconds >= 0 else { throw Failure(text: text, reason: "it is negative") }
            return try nanoseconds(seconds * 1e9, text: text)
        }
        var total = 0.0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else {
                throw Failure(text: text, reason: "'\(rest)' does not start with a number")
            }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { $0.isLetter }
            guard let unit = units.first(where: { $0.suffix == unitText.lowercased() }) else {
                let shown = unitText.isEmpty ? "a number without a unit" : "unknown unit '\(unitText)'"
                throw Failure(text: text, reason: "\(shown) (use ms, s, m, h or d)")
            }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.nanoseconds
        }
        return try nanoseconds(total, text: text)
    }

    /// The longest duration accepted: about 292 years fit in 64-bit nanoseconds; nobody waits a century.
    private static let longest = 100.0 * 365 * 86400e9

    private static func nanoseconds(_ value: Double, text: String) throws(Failure) -> Duration {
        guard value.isFinite, value <= longest else { throw Failure(text: text, reason: "it is longer than 100 years") }
        return .nanoseconds(Int64(value))
    }
}
