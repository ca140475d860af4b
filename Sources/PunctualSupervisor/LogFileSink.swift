import CPunctualLogFile
import Synchronization

/// The child's output into a log file rotated by size instead of punctual's stderr: whole lines
/// only, each stream's lines kept apart, none lost or repeated across a rotation or a restart.
package final class LogFileSink: OutputSink, Sendable {
    /// Why the file could not be opened.
    package struct OpenFailure: Error, Sendable {
        /// The errno of the open.
        package let code: Int32
    }

    private struct State: @unchecked Sendable {
        var log: OpaquePointer?
        var partial: [StandardStream: [UInt8]] = [:]
    }

    private let state: Mutex<State>

    /// Opens `path` for appending; past `maxBytes` it becomes `path.1`, the older ones move up, and
    /// only `keep` of them stay.
    package init(path: String, maxBytes: UInt64, keep: UInt32) throws(OpenFailure) {
        var log: OpaquePointer?
        let code = punctual_log_open(path, maxBytes, keep, &log)
        guard code == 0, let log else { throw OpenFailure(code: code) }
        state = Mutex(State(log: log))
    }

    package func write(_ bytes: UnsafeRawBufferPointer, from stream: StandardStream) {
        state.withLock { state in
            guard let log = state.log else { return }
            // Taken out of the state while it grows, so that appending does not copy it.
            var pending = state.partial.removeValue(forKey: stream) ?? []
            for byte in bytes {
                pending.append(byte)
                // A line too long to keep whole is wrapped: ended here, so that the other stream's
                // lines never land inside it.
                if byte != UInt8(ascii: "\n") && pending.count == Int(PUNCTUAL_LOG_LONGEST_LINE) - 1 {
                    pending.append(UInt8(ascii: "\n"))
                }
                if pending.last == UInt8(ascii: "\n") {
                    Self.append(pending, to: log)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            state.partial[stream] = pending
        }
    }

    /// Ends each stream's unfinished last line and closes the file.
    package func close() {
        state.withLock { state in
            guard let log = state.log else { return }
            for stream in [StandardStream.stdout, .stderr] {
                if let pending = state.partial[stream], !pending.isEmpty {
                    Self.append(pending + [UInt8(ascii: "\n")], to: log)
                }
            }
            punctual_log_close(log)
            state.log = nil
        }
    }

    private static func append(_ line: [UInt8], to log: OpaquePointer) {
        line.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { _ = punctual_log_write(log, $0.baseAddress, $0.count) }
        }
    }
}
