import CPunctualLogFile
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(ucrt)
    import ucrt
#endif

/// The child's output into a log file rotated by size instead of punctual's stderr: whole lines
/// only, each stream's lines kept apart, none lost or repeated across a rotation or a restart; a full
/// disk loses whole lines, counted and said, and never holds the child up.
package final class LogFileSink: OutputSink, Sendable {
    /// Why the file could not be opened.
    package struct OpenFailure: Error, Sendable {
        /// The errno of the open.
        package let code: Int32
    }

    /// What happened to the file that the user should hear of, each said once when it happens.
    package enum Notice: Sendable, Equatable {
        /// The file took no more lines (a full disk, a lost device); the child's lines are dropped meanwhile.
        case cannotWrite(path: String, reason: String)
        /// Lines are written again (16 KiB since the last loss, or some before the end) after `lostLines`
        /// lines (`lostBytes` bytes) were dropped.
        case writingAgain(path: String, lostLines: UInt64, lostBytes: UInt64)
        /// The run ended while the file still took nothing.
        case lostUntilTheEnd(path: String, lostLines: UInt64, lostBytes: UInt64)
        /// The file at the path was moved or deleted, and a new one was opened there.
        case reopened(path: String)
    }

    private struct State: @unchecked Sendable {
        var log: OpaquePointer?
        var partial: [StandardStream: [UInt8]] = [:]
        var report: @Sendable (Notice) -> Void = { _ in }
        /// Lost lines and bytes when the current failure began; nil while lines are written.
        var failingSince: (lines: UInt64, bytes: UInt64)?
        /// Bytes written since the last line lost, while failing.
        var writtenSinceLoss = 0
        var reopens: UInt32 = 0
    }

    private let path: String
    private let state: Mutex<State>
    private static let longest = Int(PUNCTUAL_LOG_LONGEST_LINE)
    /// How much must be written after a loss before it counts as over: a nearly full disk takes a
    /// line now and then, and each would otherwise be said as an end and a new start.
    private static let recoveredAfter = 16 * 1024
    private static let newline = UInt8(ascii: "\n")

    /// Opens `path` for appending; past `maxBytes` it becomes `path.1`, the older ones move up, and
    /// only `keep` of them stay.
    package init(path: String, maxBytes: UInt64, keep: UInt32) throws(OpenFailure) {
        var log: OpaquePointer?
        let code = punctual_log_open(path, maxBytes, keep, &log)
        guard code == 0, let log else { throw OpenFailure(code: code) }
        self.path = path
        state = Mutex(State(log: log))
    }

    /// Sends every notice from now on to `report`.
    package func reportNotices(to report: @escaping @Sendable (Notice) -> Void) {
        state.withLock { $0.report = report }
    }

    package func write(_ bytes: UnsafeRawBufferPointer, from stream: StandardStream) {
        state.withLock { state in
            guard let log = state.log else { return }
            var rest = bytes[...]
            var pending = state.partial.removeValue(forKey: stream) ?? []
            if !pending.isEmpty {
                let end = rest.firstIndex(of: Self.newline).map { $0 + 1 } ?? rest.endIndex
                pending.append(contentsOf: rest[..<end])
                rest = rest[end...]
                if pending.last == Self.newline {
                    pass(pending, to: log, &state)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            if let last = rest.lastIndex(of: Self.newline) {
                pass(UnsafeRawBufferPointer(rebasing: rest[...last]), to: log, &state)
                rest = rest[(last + 1)...]
            }
            pending.append(contentsOf: rest)
            // A line too long to keep whole is wrapped here, so that the other stream's lines never land inside it.
            while pending.count > Self.longest - 1 {
                pass(pending[..<(Self.longest - 1)] + [Self.newline], to: log, &state)
                pending.removeFirst(Self.longest - 1)
            }
            if !pending.isEmpty { state.partial[stream] = pending }
        }
    }

    /// Ends each stream's unfinished last line and closes the file.
    package func close() {
        state.withLock { state in
            guard let log = state.log else { return }
            for stream in [StandardStream.stdout, .stderr] {
                if let pending = state.partial[stream], !pending.isEmpty {
                    pass(pending + [Self.newline], to: log, &state)
                }
            }
            if let since = state.failingSince {
                let lines = punctual_log_lost_lines(log) - since.lines
                let bytes = punctual_log_lost_bytes(log) - since.bytes
                state.report(
                    state.writtenSinceLoss > 0
                        ? .writingAgain(path: path, lostLines: lines, lostBytes: bytes)
                        : .lostUntilTheEnd(path: path, lostLines: lines, lostBytes: bytes))
            }
            punctual_log_close(log)
            state.log = nil
        }
    }

    private func pass(_ lines: [UInt8], to log: OpaquePointer, _ state: inout State) {
        lines.withUnsafeBytes { pass($0, to: log, &state) }
    }

    /// Hands whole lines to the file and says what changed: the first line lost, writing again for good, a reopening.
    private func pass(_ lines: UnsafeRawBufferPointer, to log: OpaquePointer, _ state: inout State) {
        let lostBefore = (lines: punctual_log_lost_lines(log), bytes: punctual_log_lost_bytes(log))
        let code = punctual_log_write(log, lines.baseAddress?.assumingMemoryBound(to: CChar.self), lines.count)
        let reopens = punctual_log_reopens(log)
        if reopens != state.reopens {
            state.reopens = reopens
            state.report(.reopened(path: path))
        }
        if code != 0 {
            state.writtenSinceLoss = 0
            guard state.failingSince == nil else { return }
            state.failingSince = lostBefore
            state.report(.cannotWrite(path: path, reason: String(cString: strerror(code))))
        } else if let since = state.failingSince {
            state.writtenSinceLoss += lines.count
            guard state.writtenSinceLoss >= Self.recoveredAfter else { return }
            state.failingSince = nil
            state.report(
                .writingAgain(
                    path: path, lostLines: punctual_log_lost_lines(log) - since.lines,
                    lostBytes: punctual_log_lost_bytes(log) - since.bytes))
        }
    }
}

extension LogFileSink.Notice: CustomStringConvertible {
    package var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            "--log-file \(path): cannot write (\(reason)); the child's lines are dropped, counted, until it can"
        case .writingAgain(let path, let lines, let bytes):
            "--log-file \(path): writing again; \(lines) lines (\(bytes) bytes) were lost meanwhile"
        case .lostUntilTheEnd(let path, let lines, let bytes):
            "--log-file \(path): still cannot write at the end; \(lines) lines (\(bytes) bytes) were lost"
        case .reopened(let path):
            "--log-file \(path) was moved or deleted; writing to a new file there"
        }
    }

    /// Lines lost are a warning; the rest is news.
    package var isWarning: Bool {
        switch self {
        case .cannotWrite, .lostUntilTheEnd: true
        case .writingAgain, .reopened: false
        }
    }
}
