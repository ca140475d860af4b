/// A service file as written: TOML's `key = value` lines, each value with the line it is on.
///
/// The TOML a service file needs: bare or quoted keys at the top level, basic and literal strings,
/// whole numbers, booleans, arrays of them across lines, comments. What TOML has beyond that (tables,
/// dotted keys, floats, dates, multi-line strings) has no use in a service file and is refused with a
/// line that says so, never skipped.
package struct ServiceFileDocument: Equatable, Sendable {
    /// One `key = value` line.
    package struct Entry: Equatable, Sendable {
        package let key: String
        package let value: Value
        package let line: Int
    }

    /// A value as TOML types it.
    package enum Value: Equatable, Sendable {
        case text(String)
        case integer(Int)
        case boolean(Bool)
        case list([Value])

        /// The TOML type's name, for a message about a wrong one.
        package var typeName: String {
            switch self {
            case .text: "a string"
            case .integer: "a number"
            case .boolean: "true or false"
            case .list: "an array"
            }
        }
    }

    /// The entries in the file's order.
    package let entries: [Entry]

    /// Reads `text`, or says on which line and why it cannot.
    package static func parse(_ text: String) throws(ServiceFileError) -> ServiceFileDocument {
        var reader = TOMLReader(Array(text.utf8))
        var entries: [Entry] = []
        var firstLine: [String: Int] = [:]
        while let entry = try reader.nextEntry() {
            if let earlier = firstLine[entry.key] {
                throw ServiceFileError(
                    line: entry.line, key: entry.key, message: "given twice (first on line \(earlier))",
                    example:
                        "give it once; a list is an array: ready = [\"tcp:127.0.0.1:8080\", \"file:/run/api/ready\"]")
            }
            firstLine[entry.key] = entry.line
            entries.append(entry)
        }
        return ServiceFileDocument(entries: entries)
    }
}
