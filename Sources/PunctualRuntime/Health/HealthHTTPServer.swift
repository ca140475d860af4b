#if !os(Windows)
    import CPunctualLinux
    import Glibc
    import PunctualCore
    import PunctualSystem

    /// `/livez`, `/readyz`, `/startupz` and `/metrics` over HTTP/1.1 for `punctual run --health-port`,
    /// on one thread of its own that sleeps in `poll` until a request comes: no wake-ups while idle.
    ///
    /// Small on purpose: keep-alive, pipelined requests, at most ``maxConnections`` at once (a new one
    /// displaces the longest quiet), a head that takes longer than ``headLimit`` to arrive or a
    /// connection silent for ``idleLimit`` is let go, so a slow client cannot keep the kubelet out. The
    /// answers come from ``HealthRouter``, as the library's do.
    package final class HealthHTTPServer: Sendable {
        private let listener: ListeningSocket
        private let answer: @Sendable (HealthRequest) -> HTTPAnswer

        /// Connections served at once.
        static let maxConnections = 64
        /// How long an open connection may stay silent between requests.
        static let idleLimit: Duration = .seconds(10)
        /// How long a request's head may take from its first byte to its end.
        static let headLimit: Duration = .seconds(3)
        /// How long to stop accepting when the process is out of descriptors.
        static let acceptPause: Duration = .milliseconds(100)

        /// A server on `listener` that answers each request with `answer`.
        package init(listener: ListeningSocket, answer: @escaping @Sendable (HealthRequest) -> HTTPAnswer) {
            self.listener = listener
            self.answer = answer
        }

        /// Serves on a thread of its own for as long as the process lives.
        package func start() throws(SystemError) {
            try OSThread.start(name: "punctual-health") { [self] in serve() }
        }

        private struct Connection {
            let fd: Int32
            var input: [UInt8] = []
            var output: [UInt8] = []
            var closeAfterWrite = false
            var lastActivity: ContinuousClock.Instant
            /// When the first byte of a head still incomplete arrived.
            var headStarted: ContinuousClock.Instant?

            /// When it is let go unless something happens.
            var deadline: ContinuousClock.Instant {
                headStarted.map { $0 + HealthHTTPServer.headLimit } ?? lastActivity + HealthHTTPServer.idleLimit
            }
        }

        private func serve() {
            var connections: [Connection] = []
            var acceptPausedUntil: ContinuousClock.Instant?
            while true {
                let accepting = acceptPausedUntil.map { ContinuousClock.now >= $0 } ?? true
                if accepting { acceptPausedUntil = nil }
                var descriptors = accepting ? [pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)] : []
                for connection in connections {
                    let events = connection.output.isEmpty ? POLLIN : POLLOUT
                    descriptors.append(pollfd(fd: connection.fd, events: Int16(events), revents: 0))
                }
                let wakeAt = (connections.map(\.deadline) + [acceptPausedUntil].compactMap { $0 }).min()
                let timeout = wakeAt.map { max(.zero, $0 - .now).nanoseconds } ?? -1
                let ready = descriptors.withUnsafeMutableBufferPointer {
                    cpunctual_poll($0.baseAddress, UInt($0.count), timeout)
                }
                if ready < 0 {
                    if errno != EINTR { pause(.milliseconds(10)) }
                    continue
                }
                let offset = accepting ? 1 : 0
                let now = ContinuousClock.now
                for index in connections.indices.reversed() {
                    let events = descriptors[index + offset].revents
                    if events != 0 {
                        connections[index].lastActivity = now
                        if !step(&connections[index], events: events, at: now) {
                            close(connections[index].fd)
                            connections.remove(at: index)
                        }
                    } else if now >= connections[index].deadline {
                        close(connections[index].fd)
                        connections.remove(at: index)
                    }
                }
                if accepting, descriptors[0].revents != 0, !accept(into: &connections, at: now) {
                    acceptPausedUntil = now + Self.acceptPause
                }
            }
        }

        /// Accepts what waits; false when the process is out of descriptors (or memory) for now.
        private func accept(into connections: inout [Connection], at now: ContinuousClock.Instant) -> Bool {
            while true {
                let fd = Glibc.accept(listener.fd, nil, nil)
                guard fd >= 0 else { return errno == EAGAIN || errno == EINTR || errno == ECONNABORTED }
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                FileDescriptorIO.setNonBlocking(fd)
                if connections.count >= Self.maxConnections,
                    let quietest = connections.indices.min(by: {
                        connections[$0].lastActivity < connections[$1].lastActivity
                    })
                {
                    close(connections[quietest].fd)
                    connections.remove(at: quietest)
                }
                connections.append(Connection(fd: fd, lastActivity: now))
            }
        }

        /// Reads, answers and writes what it can; false once the connection is done.
        private func step(_ connection: inout Connection, events: Int16, at now: ContinuousClock.Instant) -> Bool {
            if events & Int16(POLLOUT) != 0 || !connection.output.isEmpty {
                return flush(&connection)
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
            if count < 0 { return errno == EAGAIN || errno == EINTR }
            if count == 0 { return false }
            connection.input += buffer[..<count]
            while !connection.closeAfterWrite {
                switch HealthRequest.parse(connection.input) {
                case .incomplete:
                    if connection.input.isEmpty {
                        connection.headStarted = nil
                    } else if connection.headStarted == nil {
                        connection.headStarted = now
                    }
                    return flush(&connection)
                case .invalid(let status):
                    connection.output += HTTPAnswer.text(status, "not a request this server understands\n")
                        .serialized(keepAlive: false, head: false)
                    connection.closeAfterWrite = true
                case .complete(let head, let length):
                    connection.input.removeFirst(length)
                    connection.headStarted = connection.input.isEmpty ? nil : now
                    connection.output += answer(head).serialized(keepAlive: head.keepAlive, head: head.method == "HEAD")
                    connection.closeAfterWrite = !head.keepAlive
                }
            }
            return flush(&connection)
        }

        /// Writes what the socket takes; false once everything is written and the connection should close.
        private func flush(_ connection: inout Connection) -> Bool {
            while !connection.output.isEmpty {
                let written = connection.output.withUnsafeBytes {
                    send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                if written < 0 { return errno == EAGAIN || errno == EINTR }
                connection.output.removeFirst(written)
            }
            return !connection.closeAfterWrite
        }

        private func pause(_ duration: Duration) {
            var time = timespec(tv_sec: 0, tv_nsec: Int(duration.nanoseconds))
            nanosleep(&time, nil)
        }
    }
#endif
