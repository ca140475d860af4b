/// Reads a service file's TOML byte by byte, counting lines, one `key = value` at a time.
struct TOMLReader {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    /// The key being read, for the errors about its value.
    private var key: String?

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private static let example = "startup-budget = \"5m\""

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func peek(_ offset: Int) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private mutating func advance() {
        if current == UInt8(ascii: "\n") { line += 1 }
        position += 1
    }

    private func failure(_ message: String, example: String = example) -> ServiceFileError {
        ServiceFileError(line: line, key: key, message: message, example: example)
    }

    /// The next entry, or nil at the end of the file.
    mutating func nextEntry() throws(ServiceFileError) -> ServiceFileDocument.Entry? {
        key = nil
        skipBlank(acrossLines: true)
        guard let byte = current else { return nil }
        if byte == UInt8(ascii: "[") {
            throw failure(
                "a service file has no tables: every key is a flag of punctual run, at the top of the file",
                example: "ready = [\"tcp:127.0.0.1:8080\"] rather than [ready]")
        }
        let entryLine = line
        let name = try readKey()
        key = name
        skipBlank(acrossLines: false)
        guard current == UInt8(ascii: "=") else {
            throw failure(
                current == UInt8(ascii: ".")
                    ? "dotted keys are not used in a service file" : "a key is followed by = and its value")
        }
        advance()
        skipBlank(acrossLines: false)
        let value = try readValue()
        skipBlank(acrossLines: false)
        guard current == nil || current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r") else {
            throw failure("one value per line: something follows the value (a # starts a comment)")
        }
        return ServiceFileDocument.Entry(key: name, value: value, line: entryLine)
    }

    /// Skips spaces, tabs and comments; with `acrossLines`, line ends too.
    private mutating func skipBlank(acrossLines: Bool) {
        while let byte = current {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): advance()
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                guard acrossLines else { return }
                advance()
            case UInt8(ascii: "#"):
                while let next = current, next != UInt8(ascii: "\n") { advance() }
            default: return
            }
        }
    }

    private static func isBareKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    private mutating func readKey() throws(ServiceFileError) -> String {
        if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") { return try readString() }
        let start = position
        while let byte = current, Self.isBareKey(byte) { advance() }
        guard position > start else {
            throw failure("a line starts with a key: letters, digits, - and _")
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func readValue() throws(ServiceFileError) -> ServiceFileDocument.Value {
        guard let byte = current, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else {
            throw failure("the value is missing")
        }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return .text(try readString())
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "{"):
            throw failure("inline tables are not used in a service file")
        default: return try readScalar()
        }
    }

    private mutating func readArray() throws(ServiceFileError) -> ServiceFileDocument.Value {
        let example = "command = [\"./server\", \"--port\", \"8080\"]"
        let notClosed = ServiceFileError(
            line: line, key: key, message: "the array opened here is not closed with ]", example: example)
        advance()
        var items: [ServiceFileDocument.Value] = []
        while true {
            skipBlank(acrossLines: true)
            guard let byte = current else { throw notClosed }
            if byte == UInt8(ascii: "]") {
                advance()
                return .list(items)
            }
            items.append(try readValue())
            skipBlank(acrossLines: true)
            if current == nil { throw notClosed }
            if current == UInt8(ascii: ",") {
                advance()
            } else if current != UInt8(ascii: "]") {
                throw failure("the items of an array are separated by commas", example: example)
            }
        }
    }

    /// true, false or a whole number; anything else bare is a mistake worth naming.
    private mutating func readScalar() throws(ServiceFileError) -> ServiceFileDocument.Value {
        let start = position
        while let byte = current,
            byte != UInt8(ascii: ","), byte != UInt8(ascii: "]"), byte != UInt8(ascii: "#"),
            byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t"), byte != UInt8(ascii: "\n"),
            byte != UInt8(ascii: "\r")
        {
            advance()
        }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default: break
        }
        let digits = word.filter { $0 != "_" }
        if let number = Int(digits), !word.hasPrefix("_"), !word.hasSuffix("_"), !word.contains("__") {
            return .integer(number)
        }
        if Double(digits) != nil {
            throw failure("only whole numbers are used in a service file", example: "live-failures = 3")
        }
        throw failure(
            "'\(word)' is not a value: text goes in quotes",
            example: word.first?.isNumber == true ? "startup-budget = \"\(word)\"" : "log-level = \"\(word)\"")
    }

    /// A basic ("…", with escapes) or literal ('…', as written) string on one line.
    private mutating func readString() throws(ServiceFileError) -> String {
        let quote = current
        let literal = quote == UInt8(ascii: "'")
        if peek(1) == quote, peek(2) == quote {
            throw failure(
                "multi-line strings are not used in a service file; give a list as an array",
                example: "command = [\"./server\", \"--port\", \"8080\"]")
        }
        advance()
        var text: [UInt8] = []
        while true {
            guard let byte = current, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else {
                throw failure(
                    "the string is not closed before the end of the line", example: "log-file = \"/var/log/api.log\"")
            }
            advance()
            if byte == quote { return String(decoding: text, as: UTF8.self) }
            if byte == UInt8(ascii: "\\"), !literal {
                text += try readEscape()
            } else {
                text.append(byte)
            }
        }
    }

    private mutating func readEscape() throws(ServiceFileError) -> [UInt8] {
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"),
            UInt8(ascii: "n"): UInt8(ascii: "\n"), UInt8(ascii: "t"): UInt8(ascii: "\t"),
            UInt8(ascii: "r"): UInt8(ascii: "\r"), UInt8(ascii: "b"): 8, UInt8(ascii: "f"): 12,
        ]
        let windowsPath = "working-directory = 'C:\\srv\\api' (single quotes keep backslashes)"
        guard let byte = current else { throw failure("the string ends inside an escape", example: windowsPath) }
        advance()
        if let plain = simple[byte] { return [plain] }
        let length = byte == UInt8(ascii: "u") ? 4 : byte == UInt8(ascii: "U") ? 8 : 0
        guard length > 0 else {
            throw failure("\\\(Character(Unicode.Scalar(byte))) is not an escape of TOML", example: windowsPath)
        }
        guard position + length <= bytes.count,
            let code = UInt32(String(decoding: bytes[position..<position + length], as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(code)
        else {
            throw failure(
                "a \\u escape takes 4 hex digits, \\U 8, naming a character", example: "name = \"caf\\u00e9\"")
        }
        for _ in 0..<length { advance() }
        return Array(String(Character(scalar)).utf8)
    }
}
