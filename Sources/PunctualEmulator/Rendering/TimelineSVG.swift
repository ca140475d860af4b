/// The timeline as a picture: the manager's deadline as bands, heartbeats as ticks, the ready mark,
/// errors and controls; several runs stack on one time scale, to be compared.
package enum TimelineSVG {
    private static let width = 960.0
    private static let left = 130.0
    private static let right = 20.0
    private static let laneHeight = 24.0

    /// One picture of `reports` on one time scale; `titles` name them (else the manager names each).
    package static func render(_ reports: [SimulationReport], titles: [String] = []) -> String {
        let span = max(1, reports.map(Self.span).max() ?? 1)
        var body: [String] = []
        var y = 10.0
        for (index, report) in reports.enumerated() {
            let title = index < titles.count ? titles[index] : report.manager
            let (part, height) = section(report, title: title, top: y, span: span)
            body.append(part)
            y += height + 20
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(y))" viewBox="0 0 \(Int(width)) \(Int(y))" \
            font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            \(body.joined(separator: "\n"))
            </svg>

            """
    }

    /// The time the picture must cover: the last entry, or a deadline shortly after it.
    private static func span(_ report: SimulationReport) -> Double {
        let last = report.timeline.map(\.at.seconds).max() ?? 0
        let deadlines = report.timeline.compactMap { $0.deadline?.seconds }.filter { $0 <= last * 1.5 + 5 }
        return max(last, deadlines.max() ?? 0) * 1.05 + 0.5
    }

    private static func section(_ report: SimulationReport, title: String, top: Double, span: Double) -> (
        String, Double
    ) {
        let chartWidth = width - left - right
        func x(_ seconds: Double) -> Double { left + min(seconds, span) / span * chartWidth }
        var parts: [String] = []
        let color = report.verdict.succeeded ? "#1a7f37" : "#cf222e"
        parts.append(
            text(left - 120, top + 14, clipped("\(title): \(report.verdict.headline)"), weight: "bold", fill: color))
        let lanes = ["deadline", "service", report.manager]
        let laneTop = top + 26
        for (index, lane) in lanes.enumerated() {
            let y = laneTop + Double(index) * laneHeight
            parts.append(
                ##"<rect x="\##(left)" y="\##(y)" width="\##(chartWidth)" height="\##(laneHeight - 4)" fill="#f6f8fa"/>"##
            )
            parts.append(text(left - 120, y + 14, lane, fill: "#57606a"))
        }
        let deadlineY = laneTop
        let serviceY = laneTop + laneHeight
        let managerY = laneTop + 2 * laneHeight
        var notable: [TimelineEntry] = []
        for entry in report.timeline {
            let at = entry.at.seconds
            if let deadline = entry.deadline?.seconds, deadline > at {
                let end = min(deadline, span)
                parts.append(
                    ##"<rect x="\##(x(at))" y="\##(deadlineY + 2)" width="\##(max(1, x(end) - x(at)))" height="\##(laneHeight - 8)" fill="#0969da" fill-opacity="0.12"/>"##
                )
                if deadline <= span {
                    parts.append(
                        line(x(deadline), deadlineY, x(deadline), deadlineY + laneHeight - 4, "#0969da", opacity: 0.5))
                }
            }
            switch entry.kind {
            case .heartbeat:
                parts.append(line(x(at), serviceY + 3, x(at), serviceY + laneHeight - 7, "#0969da"))
            case .status, .probe:
                let lane = entry.source == "service" ? serviceY : managerY
                parts.append(##"<circle cx="\##(x(at))" cy="\##(lane + 10)" r="2.5" fill="#57606a"/>"##)
            case .ready:
                parts.append(line(x(at), laneTop, x(at), managerY + laneHeight - 4, "#1a7f37", width: 2))
                notable.append(entry)
            case .error:
                parts.append(line(x(at), laneTop, x(at), managerY + laneHeight - 4, "#cf222e", width: 2))
                notable.append(entry)
            case .control, .signal:
                parts.append(##"<path d="M\##(x(at)) \##(managerY + 3) l5 7 l-5 7 z" fill="#bc4c00"/>"##)
                notable.append(entry)
            case .note:
                break
            }
        }
        let axisY = managerY + laneHeight + 4
        parts.append(line(left, axisY, left + chartWidth, axisY, "#57606a"))
        let step = tickStep(span)
        var tick = 0.0
        while tick <= span {
            parts.append(line(x(tick), axisY, x(tick), axisY + 5, "#57606a"))
            parts.append(
                text(x(tick) - 8, axisY + 18, Duration.milliseconds(Int64(tick * 1000)).humanReadable, fill: "#57606a"))
            tick += step
        }
        var y = axisY + 38
        for entry in notable.prefix(14) {
            let marker = entry.kind == .error ? "#cf222e" : entry.kind == .ready ? "#1a7f37" : "#bc4c00"
            parts.append(##"<circle cx="\##(left - 110)" cy="\##(y - 4)" r="4" fill="\##(marker)"/>"##)
            parts.append(text(left - 100, y, clipped("\(entry.at.humanReadable)  \(entry.source): \(entry.text)")))
            y += 16
        }
        if let fix = report.verdict.fix {
            parts.append(text(left - 120, y + 4, clipped("fix: \(fix)"), fill: "#57606a"))
            y += 20
        }
        return (parts.joined(separator: "\n"), y - top)
    }

    /// Text longer than the picture is wide is cut.
    private static func clipped(_ text: String) -> String { text.count > 140 ? String(text.prefix(139)) + "…" : text }

    private static func tickStep(_ span: Double) -> Double {
        let steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600]
        return steps.first { span / $0 <= 12 } ?? 3600
    }

    private static func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ color: String, width: Double = 1, opacity: Double = 1
    ) -> String {
        ##"<line x1="\##(x1)" y1="\##(y1)" x2="\##(x2)" y2="\##(y2)" stroke="\##(color)" stroke-width="\##(width)" stroke-opacity="\##(opacity)"/>"##
    }

    private static func text(
        _ x: Double, _ y: Double, _ content: String, weight: String = "normal", fill: String = "#24292f"
    )
        -> String
    {
        ##"<text x="\##(x)" y="\##(y)" font-weight="\##(weight)" fill="\##(fill)">\##(escape(content))</text>"##
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
