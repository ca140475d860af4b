/// A service file's settings, checked: each key known, each value of its kind, every `${VAR}`
/// filled from the environment.
package struct ServiceFile: Equatable, Sendable {
    /// One key's values, as its flag would take them, and the line it came from.
    package struct Setting: Equatable, Sendable {
        package let key: ServiceFileKey
        package let values: [String]
        package let line: Int
    }

    /// The program and its arguments, and the line of `command`.
    package struct Command: Equatable, Sendable {
        package let arguments: [String]
        package let line: Int

        package init(arguments: [String], line: Int) {
            self.arguments = arguments
            self.line = line
        }
    }

    package let settings: [Setting]
    package let command: Command?

    /// Checks `document`; `environment` gives a variable's value, nil when it is not set.
    package init(_ document: ServiceFileDocument, environment: (String) -> String?) throws(ServiceFileError) {
        var settings: [Setting] = []
        var command: Command?
        for entry in document.entries {
            if entry.key == ServiceFileKeys.command {
                command = Command(arguments: try Self.command(entry, environment: environment), line: entry.line)
                continue
            }
            guard let key = ServiceFileKeys.key(named: entry.key) else {
                let close = ServiceFileKeys.suggestion(for: entry.key)
                throw ServiceFileError(
                    line: entry.line, key: entry.key,
                    message:
                        "unknown key\(close.map { " (did you mean \($0)?)" } ?? ""): the keys are punctual run's flags without their dashes, and command",
                    example: close.flatMap(ServiceFileKeys.key(named:))?.example ?? "startup-budget = \"5m\"")
            }
            let values = try Self.values(of: entry, as: key, environment: environment)
            settings.append(Setting(key: key, values: values, line: entry.line))
        }
        self.settings = settings
        self.command = command
    }

    private static func command(_ entry: ServiceFileDocument.Entry, environment: (String) -> String?)
        throws(ServiceFileError) -> [String]
    {
        let example = "command = [\"./server\", \"--port\", \"8080\"]"
        guard case .list(let items) = entry.value else {
            throw ServiceFileError(
                line: entry.line, key: entry.key,
                message: "is an array of the program and its arguments, one string each (no shell quoting)",
                example: example)
        }
        var arguments: [String] = []
        for item in items {
            guard case .text(let text) = item else {
                throw ServiceFileError(
                    line: entry.line, key: entry.key, message: "each argument is a string; \(item.typeName) is not",
                    example: example)
            }
            arguments.append(try fill(text, line: entry.line, key: entry.key, environment: environment))
        }
        guard let program = arguments.first, !program.isEmpty else {
            throw ServiceFileError(
                line: entry.line, key: entry.key, message: "names no program", example: example)
        }
        return arguments
    }

    private static func values(
        of entry: ServiceFileDocument.Entry, as key: ServiceFileKey, environment: (String) -> String?
    ) throws(ServiceFileError) -> [String] {
        let items: [ServiceFileDocument.Value]
        switch entry.value {
        case .list(let list) where key.repeating: items = list
        case .list:
            throw ServiceFileError(
                line: entry.line, key: key.name, message: "takes one value, not an array", example: key.example)
        default: items = [entry.value]
        }
        var values: [String] = []
        for item in items {
            values.append(try value(item, as: key, line: entry.line, environment: environment))
        }
        return values
    }

    private static func value(
        _ item: ServiceFileDocument.Value, as key: ServiceFileKey, line: Int, environment: (String) -> String?
    ) throws(ServiceFileError) -> String {
        func wrong(_ message: String) -> ServiceFileError {
            ServiceFileError(line: line, key: key.name, message: message, example: key.example)
        }
        switch (key.kind, item) {
        case (.count, .integer(let number)):
            guard number > 0 else { throw wrong("must be above zero") }
            return String(number)
        case (.port, .integer(let number)):
            guard (1...65535).contains(number) else { throw wrong("\(number) is not a port (1 to 65535)") }
            return String(number)
        case (.count, _), (.port, _):
            throw wrong("is a number, without quotes; \(item.typeName) is not")
        case (_, .text(let written)):
            let text = try fill(written, line: line, key: key.name, environment: environment)
            try check(text, as: key.kind, wrong: wrong)
            return text
        case (.duration, .integer):
            throw wrong("a duration is a string with its unit")
        default:
            throw wrong("is a string; \(item.typeName) is not")
        }
    }

    private static func check(
        _ text: String, as kind: ServiceFileKey.Kind, wrong: (String) -> ServiceFileError
    ) throws(ServiceFileError) {
        switch kind {
        case .duration:
            do { _ = try DurationParser.parse(text) } catch {
                throw wrong("'\(text)' is not a duration: \(error.reason)")
            }
        case .probe:
            do { _ = try ProbeSpecParser.parse(text) } catch {
                throw wrong("'\(text)' is not a probe: \(error.reason)")
            }
        case .signal:
            guard Signal(parsing: text) != nil else { throw wrong("'\(text)' is not a signal") }
        case .text, .count, .port:
            break
        }
    }

    /// Replaces each `${NAME}` with the variable's value; `$$` stands for `$`.
    private static func fill(_ text: String, line: Int, key: String, environment: (String) -> String?)
        throws(ServiceFileError) -> String
    {
        guard text.contains("$") else { return text }
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.first == "$" {
                result += "$"
                rest = after.dropFirst()
            } else if after.first == "{", let close = after.firstIndex(of: "}") {
                let name = String(after[after.index(after: after.startIndex)..<close])
                guard let value = environment(name) else {
                    throw ServiceFileError(
                        line: line, key: key, message: "${\(name)} is not set in the environment",
                        example: "export \(name)=… before punctual starts, or write $$ for a plain $")
                }
                result += value
                rest = after[after.index(after: close)...]
            } else {
                throw ServiceFileError(
                    line: line, key: key, message: "a $ starts ${NAME}; write $$ for a plain $",
                    example: "log-file = \"${LOGS_DIRECTORY}/output.log\"")
            }
        }
        return result + rest
    }
}
