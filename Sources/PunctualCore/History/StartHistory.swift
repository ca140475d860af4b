/// How a service's recent starts went, kept in a small text file of its state folder: one line per
/// start, `SECONDS_SINCE_1970 ready DURATION` or `SECONDS_SINCE_1970 failed DURATION EXIT_CODE`,
/// each followed by `quiet SECONDS` when progress was watched: the longest time without it.
package struct StartHistory: Equatable, Sendable {
    /// One start.
    package struct Start: Equatable, Sendable {
        /// When it ended (ready or failed), in seconds since 1970.
        package let at: Int64
        /// From spawn to ready, or to the failure.
        package let duration: Duration
        /// nil when it became ready; the exit code when it failed.
        package let failure: Int32?
        /// The longest it went without evidence of progress, when progress was watched.
        package let quiet: Duration?

        package init(at: Int64, duration: Duration, failure: Int32? = nil, quiet: Duration? = nil) {
            self.at = at
            self.duration = duration
            self.failure = failure
            self.quiet = quiet
        }

        var line: String {
            let ended =
                failure.map { "\(at) failed \(Self.seconds(duration)) \($0)" }
                ?? "\(at) ready \(Self.seconds(duration))"
            return ended + (quiet.map { " quiet \(Self.seconds($0))" } ?? "")
        }

        private static func seconds(_ duration: Duration) -> String {
            "\(duration.milliseconds / 1000).\(String(1000 + duration.milliseconds % 1000).dropFirst())"
        }
    }

    /// The most starts kept; older ones are dropped.
    package static let kept = 50
    /// The fewest ready starts a proposal is made from.
    package static let fewestForProposal = 5

    package private(set) var starts: [Start]
    /// How many lines of the file could not be read (and will not be written back).
    package let unreadableLines: Int

    package init(starts: [Start] = []) {
        self.starts = Array(starts.suffix(Self.kept))
        unreadableLines = 0
    }

    /// Reads the file's text; lines that are not a start are counted, never fatal.
    package init(text: String) {
        var starts: [Start] = []
        var unreadable = 0
        for line in text.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            if let start = Self.parse(line) { starts.append(start) } else { unreadable += 1 }
        }
        self.starts = Array(starts.suffix(Self.kept))
        unreadableLines = unreadable
    }

    private static func parse(_ line: Substring) -> Start? {
        var fields = line.split(separator: " ")
        var quiet: Duration?
        if fields.count >= 2, fields[fields.count - 2] == "quiet" {
            guard let seconds = fields.last.flatMap(Self.duration) else { return nil }
            quiet = seconds
            fields.removeLast(2)
        }
        guard fields.count >= 3, let at = Int64(fields[0]), let duration = Self.duration(fields[2]) else { return nil }
        switch (fields[1], fields.count) {
        case ("ready", 3): return Start(at: at, duration: duration, quiet: quiet)
        case ("failed", 4): return Int32(fields[3]).map { Start(at: at, duration: duration, failure: $0, quiet: quiet) }
        default: return nil
        }
    }

    /// Seconds as the file writes them, within a sane range.
    private static func duration(_ text: Substring) -> Duration? {
        guard let seconds = Double(text), seconds >= 0, seconds < 1e9 else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// The history with `start` added, the oldest dropped past ``kept``.
    package func adding(_ start: Start) -> StartHistory {
        StartHistory(starts: starts + [start])
    }

    /// The file's text.
    package var text: String {
        starts.map { $0.line + "\n" }.joined()
    }

    /// The time within which 99 of 100 of the recorded ready starts became ready; nil with fewer than
    /// ``fewestForProposal`` of them.
    package var readyP99: Duration? {
        Self.p99(starts.filter { $0.failure == nil }.map(\.duration))
    }

    /// The longest time without progress that 99 of 100 ready starts stayed within, of those whose
    /// progress was watched; nil with fewer than ``fewestForProposal`` of them.
    package var quietP99: Duration? {
        Self.p99(starts.filter { $0.failure == nil }.compactMap(\.quiet))
    }

    private static func p99(_ values: [Duration]) -> Duration? {
        let sorted = values.sorted()
        guard sorted.count >= fewestForProposal else { return nil }
        let rank = Int((Double(sorted.count) * 0.99).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// A progress timeout that the recorded starts' quiet times stay within with room: p99 × 1.5, at
    /// least a second.
    package var proposedProgressTimeout: Duration? {
        quietP99.map { max(.seconds(1), $0 * 1.5) }
    }

    /// The last `count` starts in words, oldest first, and what they propose.
    package func summary(last count: Int = 5) -> [String] {
        guard !starts.isEmpty else { return [] }
        let recent = starts.suffix(count).map { start in
            start.failure.map { "failed after \(start.duration.humanReadable) (exit \($0))" }
                ?? "ready in \(start.duration.humanReadable)"
        }
        var lines = ["last starts, oldest first: \(recent.joined(separator: ", "))"]
        if let readyP99, let proposedBudget {
            lines.append(
                "p99 of \(starts.filter { $0.failure == nil }.count) ready starts: \(readyP99.humanReadable); a budget of \(proposedBudget.humanReadable) (p99 × 1.5) covers them"
            )
        }
        if let quietP99, let proposedProgressTimeout {
            lines.append(
                "p99 of their longest times without progress: \(quietP99.humanReadable); a progress timeout of \(proposedProgressTimeout.humanReadable) (p99 × 1.5) covers them"
            )
        }
        return lines
    }

    /// A start budget that covers the recorded starts with room: p99 × 1.5, at least a second.
    package var proposedBudget: Duration? {
        readyP99.map { max(.seconds(1), $0 * 1.5) }
    }
}
