import Logging
import PunctualCore

/// Where the end of each start is kept.
package protocol StartRecorder: Sendable {
    /// Adds `start`, stamped with the time it is recorded.
    func record(_ start: StartHistory.Start, logger: Logger)
}

#if !os(Windows)
    import Glibc
    import PunctualSystem

    /// The start history's file, `starts` in a state folder: read, the start added, and written
    /// whole through a temporary file, so that a crash mid-write leaves the old history or the new;
    /// lines it cannot read are reported and dropped, never fatal.
    package struct StartHistoryFile: StartRecorder {
        package static let fileName = "starts"
        package let path: String

        package init(folder: String) {
            path = folder.hasSuffix("/") ? folder + Self.fileName : "\(folder)/\(Self.fileName)"
        }

        /// The folder `--state-dir` names, or systemd's `$STATE_DIRECTORY` (its first folder).
        package static func folder(given: String?) -> String? {
            given ?? environmentValue("STATE_DIRECTORY").flatMap { $0.split(separator: ":").first.map(String.init) }
        }

        /// The history as the file holds it; empty when there is none yet.
        package func read() -> StartHistory {
            FileDescriptorIO.readFile(path, limit: 64 * 1024).map {
                StartHistory(text: String(decoding: $0, as: UTF8.self))
            }
                ?? StartHistory()
        }

        package func record(_ start: StartHistory.Start, logger: Logger) {
            let history = read()
            if history.unreadableLines > 0 {
                logger.warning(
                    "the start history \(path) had \(history.unreadableLines) unreadable line(s); they are dropped")
            }
            let stamped = StartHistory.Start(
                at: Int64(time(nil)), duration: start.duration, failure: start.failure, quiet: start.quiet)
            do {
                try FileDescriptorIO.replaceFile(path, with: history.adding(stamped).text)
            } catch {
                logger.warning(
                    "cannot keep the start history in \(path): \(error.reason); give --state-dir a folder punctual can write"
                )
            }
        }
    }
#endif
