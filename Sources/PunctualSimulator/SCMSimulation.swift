#if !os(Windows)
    import Glibc
    import PunctualCore
    import PunctualEmulator
    import PunctualSupervisor
    import PunctualSystem

    /// Runs a real command under the emulated SCM, in real time. The service reaches the SCM through a
    /// local socket named in `$PUNCTUAL_SCM_SOCKET`; a program that knows nothing of it never connects.
    package struct SCMSimulation: Sendable {
        package let settings: SCMSettings
        package let strategy: SCMStartStrategy
        package let command: [String]

        package init(settings: SCMSettings, strategy: SCMStartStrategy, command: [String]) {
            self.settings = settings
            self.strategy = strategy
            self.command = command
        }

        package func run(
            _ options: SimulationOptions, onEntry: @escaping @Sendable (TimelineEntry) -> Void
        ) throws -> SimulationReport {
            let listener = try SCMListener()
            let environment = [
                "\(SCMEmulatorEnvironment.socket)=\(listener.path)",
                "\(SCMEmulatorEnvironment.serviceName)=\(settings.serviceName)",
                "\(SCMEmulatorEnvironment.strategy)=\(strategy.rawValue)",
            ]
            var loop = SimulationLoop(options: options, onEntry: onEntry)
            var model = SCMModel(settings: settings)
            var process: ServiceProcess? = try ServiceProcess.start(command, extra: environment)
            var connection: SCMListener.Connection?
            var pending = model.handle(.processStarted, at: .now)

            while true {
                for action in pending {
                    switch action {
                    case .sendControl(let control): connection?.send(.control(control))
                    case .terminateProcess: process?.child.killTree()
                    case .restartService:
                        connection = nil
                        if let previous = process {
                            previous.child.killTree()
                            previous.child.release(timeout: Defaults.killWait)
                        }
                        process = try ServiceProcess.start(command, extra: environment)
                        pending += model.handle(.processStarted, at: .now)
                    }
                }
                pending = []
                loop.emitNew(model.timeline)
                let nothingMoreWillHappen = model.failure != nil && model.nextDeadline == nil
                if model.isFinished || nothingMoreWillHappen || loop.isOverLimit
                    || (model.readyAt != nil && options.stopAfter == nil)
                {
                    break
                }

                var fds = [listener.fd, process?.child.eventsFD ?? -1]
                if let connection { fds.append(connection.fd) }
                let readable = loop.wait(fds, until: [model.nextDeadline])
                if readable.contains(listener.fd), let accepted = listener.accept() { connection = accepted }
                // Everything the service said, on a connection accepted just now too, before its exit is handled.
                for _ in 0..<64 {
                    guard let current = connection, !Poller.waitReadable([current.fd], timeout: .zero).isEmpty else {
                        break
                    }
                    let (messages, open) = current.receive()
                    for message in messages {
                        switch message {
                        case .connect: pending += model.handle(.dispatcherConnected, at: .now)
                        case .status(let status): pending += model.handle(.statusReported(status), at: .now)
                        case .handled(let control, let handled):
                            pending += model.handle(.controlHandled(control, handled: handled), at: .now)
                        case .control: break
                        }
                    }
                    if !open { connection = nil }
                }
                if let ended = process, readable.contains(ended.child.eventsFD), let exit = ended.child.readExit() {
                    ended.child.release(timeout: Defaults.killWait)
                    process = nil
                    pending += model.handle(.processExited(exit.shellExitCode), at: .now)
                }
                if loop.stopIsDue() {
                    pending += model.handle(options.stopByShutdown ? .shutdownRequested : .stopRequested, at: .now)
                }
                pending += model.handle(.tick, at: .now)
            }
            process?.child.killTree()
            process?.child.release(timeout: Defaults.killWait)
            return SimulationReport(
                manager: "scm", settings: settingsDescription, command: command, timeline: model.timeline,
                verdict: loop.verdict(
                    model.conclusion, decided: model.isFinished || model.failure != nil || model.readyAt != nil),
                duration: loop.elapsed)
        }

        /// The SCM's settings and the service's strategy.
        package var settingsDescription: [(name: String, value: String)] {
            var described: [(name: String, value: String)] = [
                ("ServicesPipeTimeout", settings.pipeTimeout.humanReadable),
                ("PreshutdownTimeout", settings.preshutdownTimeout.humanReadable), ("strategy", strategy.rawValue),
            ]
            if !settings.restartDelays.isEmpty {
                described.append(("restart", settings.restartDelays.map(\.humanReadable).joined(separator: ",")))
                described.append(
                    ("FailureActionsOnNonCrashFailures", settings.failureActionsOnNonCrashFailures ? "1" : "0"))
            }
            return described
        }
    }

    /// The emulated SCM's end of the socket: a listening AF_UNIX stream socket in a private directory.
    final class SCMListener {
        let path: String
        let fd: Int32
        private let directory: String

        init() throws {
            var template = Array("/tmp/punctual-scm-XXXXXX".utf8CString)
            guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
                throw SystemError("mkdtemp")
            }
            directory = String(cString: made)
            path = directory + "/scm.sock"
            do {
                guard let address = UnixSocketAddress(path) else {
                    throw SystemError("listen on \(path)", code: ENAMETOOLONG)
                }
                fd = try Sockets.listenUnixStream(at: address, naming: path)
            } catch {
                rmdir(directory)
                throw error
            }
        }

        deinit {
            close(fd)
            unlink(path)
            rmdir(directory)
        }

        func accept() -> Connection? {
            let connection = Glibc.accept(fd, nil, nil)
            return connection >= 0 ? Connection(fd: connection) : nil
        }

        /// One service's connection.
        final class Connection {
            let fd: Int32
            private var pending: [UInt8] = []

            init(fd: Int32) { self.fd = fd }

            deinit { close(fd) }

            /// Writes one line; a service that has gone away is not an error here (its exit is).
            func send(_ message: SCMWireMessage) { FileDescriptorIO.writeAll(fd, message.line + "\n") }

            /// The complete messages that arrived, and whether the connection is still open.
            func receive() -> (messages: [SCMWireMessage], open: Bool) {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { return ([], true) }
                guard count > 0 else { return ([], false) }
                pending += buffer[0..<count]
                var messages: [SCMWireMessage] = []
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    if let message = SCMWireMessage(line: String(decoding: pending[..<newline], as: UTF8.self)) {
                        messages.append(message)
                    }
                    pending.removeSubrange(...newline)
                }
                return (messages, true)
            }
        }
    }
#endif
