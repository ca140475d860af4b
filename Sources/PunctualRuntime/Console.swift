#if !os(Windows)
    import Glibc
    import PunctualCore
    import PunctualSupervisor
    import PunctualSystem
    import Synchronization

    /// Punctual's own voice on stderr, and the child's output on its way through.
    ///
    /// In a terminal with no manager around it keeps one live progress line at the bottom, redrawn
    /// between the child's lines; elsewhere it writes plain lines: time-stamped, or with the `<N>`
    /// priority prefixes journald reads.
    package final class Console: OutputSink, Sendable {
        /// How lines are written.
        package enum Style: Sendable, Equatable {
            /// A terminal and no manager: a live progress line.
            case live
            /// Time-stamped lines.
            case plain
            /// stderr is the journal: `<N>` priority prefixes, no time stamp (the journal adds its own).
            case journal

            /// The style for this process: journal if stderr is the journal stream, live on a terminal
            /// when no manager started punctual, plain otherwise.
            package static func detect(journalStream: String?, underManager: Bool) -> Style {
                if let journalStream, Style.isStandardError(journalStream) { return .journal }
                let term = environmentValue("TERM")
                if !underManager, isatty(2) == 1, term != "dumb" { return .live }
                return .plain
            }

            private static func isStandardError(_ journalStream: String) -> Bool {
                var info = stat()
                guard fstat(2, &info) == 0 else { return false }
                return journalStream == "\(info.st_dev):\(info.st_ino)"
            }
        }

        private struct State {
            var statusLine: String?
            var statusShown = false
            var atLineStart = true
            var spinner = 0
        }

        package let style: Style
        private let state = Mutex(State())

        package init(style: Style) { self.style = style }

        /// Writes a chunk of the child's output, keeping the progress line below it.
        package func write(_ bytes: UnsafeRawBufferPointer, from stream: StandardStream) {
            guard style == .live else {
                FileDescriptorIO.writeAll(stream.ownDescriptor, bytes)
                return
            }
            state.withLock { state in
                eraseStatus(&state)
                FileDescriptorIO.writeAll(stream.ownDescriptor, bytes)
                state.atLineStart = bytes.last == UInt8(ascii: "\n")
                drawStatus(&state)
            }
        }

        /// Writes one of punctual's own lines.
        package func say(_ level: LogLevel, _ message: String) {
            let line: String
            switch style {
            case .journal: line = "<\(Self.syslogPriority(level))>punctual: \(message)\n"
            case .plain: line = "\(Timestamp.iso8601()) punctual[\(getpid())]: \(Self.prefix(level))\(message)\n"
            case .live: line = "\(Timestamp.clock()) punctual: \(Self.prefix(level))\(message)\n"
            }
            state.withLock { state in
                eraseStatus(&state)
                if !state.atLineStart { FileDescriptorIO.writeAll(2, "\n") }
                FileDescriptorIO.writeAll(2, line)
                state.atLineStart = true
                drawStatus(&state)
            }
        }

        /// Replaces the live progress line (only in the live style); nil removes it.
        package func showStatus(_ text: String?) {
            guard style == .live else { return }
            state.withLock { state in
                state.spinner += 1
                state.statusLine = text
                eraseStatus(&state)
                drawStatus(&state)
            }
        }

        private func eraseStatus(_ state: inout State) {
            guard state.statusShown else { return }
            FileDescriptorIO.writeAll(2, "\r\u{1B}[K")
            state.statusShown = false
        }

        private func drawStatus(_ state: inout State) {
            guard let text = state.statusLine, state.atLineStart else { return }
            let spinner = ["|", "/", "-", "\\"][state.spinner % 4]
            var size = winsize()
            let width = ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 10 ? Int(size.ws_col) : 80
            let line = String("\(spinner) \(text)".prefix(width - 1))
            FileDescriptorIO.writeAll(2, "\u{1B}[1m" + line + "\u{1B}[0m")
            state.statusShown = true
        }

        private static func prefix(_ level: LogLevel) -> String {
            switch level {
            case .warning: "warning: "
            case .error: "error: "
            default: ""
            }
        }

        private static func syslogPriority(_ level: LogLevel) -> Int {
            switch level {
            case .debug: 7
            case .info: 6
            case .notice: 5
            case .warning: 4
            case .error: 3
            }
        }
    }
#endif
