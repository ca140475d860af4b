/// How a service's recent starts went, kept in a small text file of its state folder: one line per
/// start, `SECONDS_SINCE_1970 ready DURATION` or `SECONDS_SINCE_1970 failed DURATION EXIT_CODE`.
package struct StartHistory: Equatable, Sendable {
    /// One start.
    package struct Start: Equatable, Sendable {
        /// When it ended (ready or failed), in seconds since 1970.
        package let at: Int64
        /// From spawn to ready, or to the failure.
        package let duration: Duration
        /// nil when it became ready; the exit code when it failed.
        package let failure: Int32?

        package init(at: Int64, duration: Duration, failure: Int32? = nil) {
            self.at = at
            self.duration = duration
            self.failure = failure
        }

        var line: String {
            let seconds = "\(duration.milliseconds / 1000).\(String(1000 + duration.milliseconds % 1000).dropFirst())"
            return failure.map { "\(at) failed \(seconds) \($0)" } ?? "\(at) ready \(seconds)"
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
        let fields = line.split(separator: " ")
        guard fields.count >= 3, let at = Int64(fields[0]), let seconds = Double(fields[2]), seconds >= 0,
            seconds < 1e9
        else { return nil }
        let duration = Duration.milliseconds(Int64((seconds * 1000).rounded()))
        switch (fields[1], fields.count) {
        case ("ready", 3): return Start(at: at, duration: duration)
        case ("failed", 4): return Int32(fields[3]).map { Start(at: at, duration: duration, failure: $0) }
        default: return nil
        }
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
        let durations = starts.filter { $0.failure == nil }.map(\.duration).sorted()
        guard durations.count >= Self.fewestForProposal else { return nil }
        let rank = Int((Double(durations.count) * 0.99).rounded(.up)) - 1
        return durations[min(max(rank, 0), durations.count - 1)]
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
        return lines
    }

    /// A start budget that covers the recorded starts with room: p99 × 1.5, at least a second.
    package var proposedBudget: Duration? {
        readyP99.map { max(.seconds(1), $0 * 1.5) }
    }
}
