/// Two runs' notable moments in two columns on one time axis, for a terminal.
package enum SideBySide {
    package static func render(
        left: (title: String, report: SimulationReport), right: (title: String, report: SimulationReport)
    )
        -> String
    {
        let width = 44
        func notable(_ report: SimulationReport) -> [(Duration, String)] {
            report.timeline.filter {
                [.error, .ready, .control, .signal].contains($0.kind) || $0.text.hasPrefix("the dispatcher")
            }
            .map { ($0.at, $0.text) }
        }
        let leftRows = notable(left.report).map { ($0.0, $0.1, true) }
        let rightRows = notable(right.report).map { ($0.0, $0.1, false) }
        let rows = (leftRows + rightRows).sorted { $0.0 < $1.0 }
        func cell(_ text: String) -> String {
            let cut = text.count > width ? String(text.prefix(width - 1)) + "…" : text
            return cut + String(repeating: " ", count: width - cut.count)
        }
        var lines = ["    time  \(cell(left.title)) \(right.title)"]
        for (at, text, isLeft) in rows {
            let time = at.humanReadable
            let padded = String(repeating: " ", count: max(0, 8 - time.count)) + time
            lines.append("\(padded)  \(isLeft ? cell(text) : cell("")) \(isLeft ? "" : text)")
        }
        lines.append("  result  \(cell(left.report.verdict.headline)) \(right.report.verdict.headline)")
        return lines.joined(separator: "\n") + "\n"
    }
}
