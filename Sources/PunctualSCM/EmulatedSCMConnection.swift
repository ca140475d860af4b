#if !os(Windows)
    import Glibc
    import PunctualCore
    import PunctualSystem
    import Synchronization

    /// The service side of the emulated SCM: the calls a Windows service makes, as lines on a local socket.
    package final class EmulatedSCMConnection: SCMServiceConnection {
        private let path: String
        private let fd = Mutex<Int32>(-1)

        /// A connection to the emulator listening at `socketPath` (from `$PUNCTUAL_SCM_SOCKET`).
        package init(socketPath: String) { self.path = socketPath }

        deinit { fd.withLock { if $0 >= 0 { close($0) } } }

        package func connect(serviceName: String, handler: @escaping @Sendable (ServiceControl) -> Bool) throws {
            guard let address = UnixSocketAddress(path) else {
                throw SystemError("connect \(path)", code: ENAMETOOLONG)
            }
            let socketFD = try Sockets.connectUnixStream(to: address, naming: path)
            fd.withLock { $0 = socketFD }
            try send(.connect(serviceName: serviceName))
            try OSThread.start(name: "punctual-scm") { [self] in readControls(from: socketFD, handler: handler) }
        }

        package func setStatus(_ status: ServiceStatus) throws { try send(.status(status)) }

        /// Sends one line without ever blocking: a line the socket cannot take at once is an error, so that
        /// a stuck SCM cannot hold up the engine's lock.
        private func send(_ message: SCMWireMessage) throws {
            let bytes = Array((message.line + "\n").utf8)
            let sent = fd.withLock { fd in
                guard fd >= 0 else { return -1 }
                return bytes.withUnsafeBytes {
                    Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
                }
            }
            guard sent == bytes.count else {
                throw SystemError("send to the emulated SCM", code: sent < 0 ? errno : EAGAIN)
            }
        }

        /// The handler thread: one control at a time, answered as soon as the handler returns.
        private func readControls(from socketFD: Int32, handler: @Sendable (ServiceControl) -> Bool) {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(socketFD, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return }
                pending += buffer[0..<count]
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    if case .control(let control) = SCMWireMessage(line: line) {
                        let handled = handler(control)
                        try? send(.handled(control, handled: handled))
                    }
                }
            }
        }
    }
#endif
