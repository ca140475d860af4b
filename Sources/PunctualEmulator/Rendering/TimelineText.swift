/// The timeline and verdict as lines for a terminal.
package enum TimelineText {
    package static func header(manager: String, settings: [(name: String, value: String)], command: [String]) -> String
    {
        let settingsText = settings.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        return "simulating \(manager): \(settingsText)\ncommand: \(command.joined(separator: " "))\n"
    }

    package static func line(_ entry: TimelineEntry) -> String {
        let seconds = entry.at.seconds
        let whole = Int(seconds)
        let millis = Int((seconds - Double(whole)) * 1000)
        let time = "\(whole).\(millis < 10 ? "00" : millis < 100 ? "0" : "")\(millis)s"
        let padded = String(repeating: " ", count: max(0, 9 - time.count)) + time
        let source = entry.source + String(repeating: " ", count: max(0, 7 - entry.source.count))
        let marker: String
        switch entry.kind {
        case .error: marker = "!"
        case .ready: marker = "*"
        case .heartbeat: marker = "+"
        case .control, .signal: marker = ">"
        default: marker = " "
        }
        return "\(padded) \(marker) \(source) \(entry.text)"
    }

    package static func footer(_ verdict: Verdict) -> String {
        var lines = ["", "verdict: \(verdict.succeeded ? "OK" : "FAILED"): \(verdict.headline)"]
        if let code = verdict.code { lines.append("code:    \(code)") }
        if !verdict.events.isEmpty { lines.append("events:  \(verdict.events.joined(separator: ", "))") }
        if let fix = verdict.fix { lines.append("fix:     \(fix)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
