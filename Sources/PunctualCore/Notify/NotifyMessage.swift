/// One sd_notify datagram: newline-separated `KEY=VALUE` assignments, in order.
package struct NotifyMessage: Equatable, Sendable, CustomStringConvertible {
    /// One `KEY=VALUE` assignment.
    package struct Field: Equatable, Sendable {
        package let key: String
        package let value: String

        package init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The assignments in the order they are sent.
    package private(set) var fields: [Field]

    package init(_ fields: [Field] = []) { self.fields = fields }

    /// Appends an assignment; newlines in `value` become spaces, since a value is one line.
    package mutating func append(_ key: String, _ value: String) {
        let oneLine = String(value.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
        fields.append(Field(key, oneLine))
    }

    /// The value last assigned to `key`, if any.
    package subscript(key: String) -> String? {
        fields.last(where: { $0.key == key })?.value
    }

    /// The bytes of the datagram.
    package var datagram: [UInt8] { Array(description.utf8) }

    package var description: String {
        fields.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }

    /// Reads a received datagram; lines without `=` are ignored, as systemd does.
    package init(datagram: some Collection<UInt8>) {
        let text = String(decoding: datagram, as: UTF8.self)
        fields = text.split(whereSeparator: { $0 == "\n" }).compactMap { line in
            guard let equals = line.firstIndex(of: "=") else { return nil }
            return Field(String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
    }
}

extension NotifyMessage {
    /// `EXTEND_TIMEOUT_USEC` as a duration, if present and well formed.
    package var extendTimeout: Duration? {
        guard let text = self["EXTEND_TIMEOUT_USEC"], let micros = Int64(text) else { return nil }
        return .microseconds(micros)
    }

    /// Whether the message says `READY=1`.
    package var isReady: Bool { self["READY"] == "1" }
}
