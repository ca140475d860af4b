/// What a manager's error code, event ID or result means, and what to do about it.
package struct Explanation: Sendable, Equatable {
    /// The name it is looked up by: `1053`, `7009`, `timeout`, `CrashLoopBackOff`.
    package let topic: String
    /// Whose word it is: Windows error, Windows event, systemd result, Kubernetes reason.
    package let family: String
    /// The manager's own words, where it has them.
    package let title: String
    package let meaning: String
    package let causes: [String]
    package let fixes: [String]
    /// Other ways people write it: `error 1053`, `ERROR_SERVICE_REQUEST_TIMEOUT`.
    package let aliases: [String]

    package init(
        topic: String, family: String, title: String, meaning: String, causes: [String], fixes: [String],
        aliases: [String] = []
    ) {
        self.topic = topic
        self.family = family
        self.title = title
        self.meaning = meaning
        self.causes = causes
        self.fixes = fixes
        self.aliases = aliases
    }

    /// Whether `query` names this topic, ignoring case, a leading "error", "event", "Result:" and so on.
    package func matches(_ query: String) -> Bool {
        let wanted = Self.normalize(query)
        return ([topic] + aliases).contains { Self.normalize($0) == wanted }
    }

    static func normalize(_ text: String) -> String {
        var words = text.lowercased().split(whereSeparator: { " \t:=_-'\"".contains($0) })
        while let first = words.first,
            ["error", "event", "id", "result", "reason", "windows", "systemd", "status"].contains(first),
            words.count > 1
        {
            words.removeFirst()
        }
        return words.joined()
    }

    /// The explanation as text for a terminal.
    package var text: String {
        var lines = ["\(topic) (\(family)): \(title)", "", meaning]
        if !causes.isEmpty {
            lines += ["", "Usual causes:"] + causes.map { "  - \($0)" }
        }
        if !fixes.isEmpty {
            lines += ["", "What to change:"] + fixes.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
