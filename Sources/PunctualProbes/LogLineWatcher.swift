import PunctualCore
import Synchronization

/// Splits the child's output into lines and reports the first line that matches each `log:` probe.
package final class LogLineWatcher: Sendable {
    private struct Pattern {
        let index: Int
        let regex: Regex<AnyRegexOutput>
    }

    private struct State {
        var patterns: [Pattern]
        var partial: [UInt8] = []
        var partialError: [UInt8] = []
    }

    /// Lines longer than this are matched on their first part.
    package static let longestLine = 64 * 1024

    private let state: Mutex<State>
    private let onMatch: @Sendable (_ probeIndex: Int, _ line: String) -> Void

    /// Watches for `probes` (index in the probe list, pattern); already checked by ``ProbeSpecParser``.
    package init(probes: [(index: Int, pattern: String)], onMatch: @escaping @Sendable (Int, String) -> Void) {
        let patterns = probes.compactMap { probe in
            (try? Regex(probe.pattern)).map { Pattern(index: probe.index, regex: $0) }
        }
        self.state = Mutex(State(patterns: patterns))
        self.onMatch = onMatch
    }

    /// Feeds a chunk of one stream.
    package func feed(_ bytes: UnsafeRawBufferPointer, isStandardError: Bool) {
        let matches: [(Int, String)] = state.withLock { state in
            guard !state.patterns.isEmpty else { return [] }
            var partial = isStandardError ? state.partialError : state.partial
            var found: [(Int, String)] = []
            for byte in bytes {
                if byte == UInt8(ascii: "\n") {
                    found += Self.match(partial, in: &state.patterns)
                    partial.removeAll(keepingCapacity: true)
                } else if partial.count < Self.longestLine {
                    partial.append(byte)
                }
            }
            // The output stops mid-line: a program that prints "listening" without a newline and
            // then waits is ready too. The line is matched again, whole, once it ends.
            if !partial.isEmpty { found += Self.match(partial, in: &state.patterns) }
            if isStandardError { state.partialError = partial } else { state.partial = partial }
            return found
        }
        for (index, line) in matches { onMatch(index, line) }
    }

    private static func match(_ lineBytes: [UInt8], in patterns: inout [Pattern]) -> [(Int, String)] {
        guard !patterns.isEmpty else { return [] }
        var line = String(decoding: lineBytes, as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        var found: [(Int, String)] = []
        patterns.removeAll { pattern in
            guard (try? pattern.regex.firstMatch(in: line)) != nil else { return false }
            found.append((pattern.index, line))
            return true
        }
        return found
    }
}
