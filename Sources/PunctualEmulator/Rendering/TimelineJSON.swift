import PunctualCore

/// The report as JSON, for tools.
package enum TimelineJSON {
    package static func render(_ report: SimulationReport) -> String {
        let settings = report.settings.map { "\(JSONText.quoted($0.name)): \(JSONText.quoted($0.value))" }.joined(
            separator: ", ")
        let entries = report.timeline.map { entry in
            var fields = [
                "\"at\": \(JSONText.seconds(entry.at))", "\"source\": \(JSONText.quoted(entry.source))",
                "\"kind\": \(JSONText.quoted(entry.kind.rawValue))",
                "\"text\": \(JSONText.quoted(entry.text))",
            ]
            if let deadline = entry.deadline { fields.append("\"deadline\": \(JSONText.seconds(deadline))") }
            return "    {" + fields.joined(separator: ", ") + "}"
        }
        let verdict = report.verdict
        var verdictFields = [
            "\"succeeded\": \(verdict.succeeded)", "\"headline\": \(JSONText.quoted(verdict.headline))",
        ]
        verdictFields.append("\"code\": \(verdict.code.map(JSONText.quoted) ?? "null")")
        verdictFields.append("\"events\": [\(verdict.events.map(JSONText.quoted).joined(separator: ", "))]")
        verdictFields.append("\"fix\": \(verdict.fix.map(JSONText.quoted) ?? "null")")
        return """
            {
              "manager": \(JSONText.quoted(report.manager)),
              "command": [\(report.command.map(JSONText.quoted).joined(separator: ", "))],
              "settings": {\(settings)},
              "duration": \(JSONText.seconds(report.duration)),
              "timeline": [
            \(entries.joined(separator: ",\n"))
              ],
              "verdict": {\(verdictFields.joined(separator: ", "))}
            }

            """
    }
}
