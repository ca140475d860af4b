/// The report as JSON, for tools.
package enum TimelineJSON {
    package static func render(_ report: SimulationReport) -> String {
        let settings = report.settings.map { "\(quote($0.name)): \(quote($0.value))" }.joined(separator: ", ")
        let entries = report.timeline.map { entry in
            var fields = [
                "\"at\": \(number(entry.at))", "\"source\": \(quote(entry.source))",
                "\"kind\": \(quote(entry.kind.rawValue))",
                "\"text\": \(quote(entry.text))",
            ]
            if let deadline = entry.deadline { fields.append("\"deadline\": \(number(deadline))") }
            return "    {" + fields.joined(separator: ", ") + "}"
        }
        let verdict = report.verdict
        var verdictFields = ["\"succeeded\": \(verdict.succeeded)", "\"headline\": \(quote(verdict.headline))"]
        verdictFields.append("\"code\": \(verdict.code.map(quote) ?? "null")")
        verdictFields.append("\"events\": [\(verdict.events.map(quote).joined(separator: ", "))]")
        verdictFields.append("\"fix\": \(verdict.fix.map(quote) ?? "null")")
        return """
            {
              "manager": \(quote(report.manager)),
              "command": [\(report.command.map(quote).joined(separator: ", "))],
              "settings": {\(settings)},
              "duration": \(number(report.duration)),
              "timeline": [
            \(entries.joined(separator: ",\n"))
              ],
              "verdict": {\(verdictFields.joined(separator: ", "))}
            }

            """
    }

    static func number(_ duration: Duration) -> String {
        let milliseconds = duration.milliseconds
        let sign = milliseconds < 0 ? "-" : ""
        let magnitude = abs(milliseconds)
        let fraction = magnitude % 1000
        return "\(sign)\(magnitude / 1000).\(fraction < 10 ? "00" : fraction < 100 ? "0" : "")\(fraction)"
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
