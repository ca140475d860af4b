#if !os(Windows)
    import Glibc
    import PunctualSystem
    import Synchronization

    /// Copies the child's stdout and stderr to a sink on a thread of its own, showing each chunk to an
    /// observer on the way, until both reach end of file.
    package final class OutputRelay: Sendable {
        private let pipes: (stdout: Int32, stderr: Int32)
        private let sink: any OutputSink
        private let observe: @Sendable (StandardStream, UnsafeRawBufferPointer) -> Void
        private let drained = Atomic(false)
        private let finished: WakeSignal
        private let catchUpRequests = Atomic(0)
        private let catchUpsDone = Atomic(0)
        private let catchUpRequested: WakeSignal

        package init(
            pipes: (stdout: Int32, stderr: Int32), sink: any OutputSink,
            observe: @escaping @Sendable (StandardStream, UnsafeRawBufferPointer) -> Void
        ) throws(SystemError) {
            self.pipes = pipes
            self.sink = sink
            self.observe = observe
            self.finished = try WakeSignal()
            self.catchUpRequested = try WakeSignal()
        }

        package func start() throws(SystemError) {
            try OSThread.start(name: "punctual-output") { [self] in run() }
        }

        /// Waits until every byte the child wrote has been passed on; false if `timeout` passed first.
        package func waitUntilDrained(timeout: Duration) -> Bool {
            wait(timeout: timeout) { drained.load(ordering: .acquiring) }
        }

        /// Waits until what the child has written so far has been passed on, even if it may still write
        /// more; false if `timeout` passed first. Output that came before an event is then seen before it.
        package func catchUp(timeout: Duration) -> Bool {
            let ticket = catchUpRequests.add(1, ordering: .acquiringAndReleasing).newValue
            catchUpRequested.wake()
            return wait(timeout: timeout) {
                drained.load(ordering: .acquiring) || catchUpsDone.load(ordering: .acquiring) >= ticket
            }
        }

        private func wait(timeout: Duration, until done: () -> Bool) -> Bool {
            let deadline = ContinuousClock.now + timeout
            while !done() {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { return false }
                Poller.sleep(min(remaining, .milliseconds(20)), unless: finished)
            }
            return true
        }

        private func run() {
            var open: [(fd: Int32, stream: StandardStream)] = [(pipes.stdout, .stdout), (pipes.stderr, .stderr)]
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
            defer { buffer.deallocate() }
            while !open.isEmpty {
                let readable = Poller.waitReadable(open.map(\.fd) + [catchUpRequested.fd], timeout: nil)
                let catchingUp = readable.contains(catchUpRequested.fd)
                if catchingUp { catchUpRequested.drain() }
                let ticket = catchUpRequests.load(ordering: .acquiring)
                var finishedFDs: [Int32] = []
                for index in open.indices where catchingUp || readable.contains(open[index].fd) {
                    let (fd, stream) = open[index]
                    while true {
                        let count: Int?
                        do {
                            count = try FileDescriptorIO.readSome(fd, into: buffer)
                        } catch {
                            count = 0
                        }
                        guard let count else { break }
                        if count == 0 {
                            finishedFDs.append(fd)
                            break
                        }
                        let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                        sink.write(chunk, from: stream)
                        observe(stream, chunk)
                        if !catchingUp { break }
                    }
                }
                for fd in finishedFDs { close(fd) }
                open.removeAll { finishedFDs.contains($0.fd) }
                if catchingUp {
                    catchUpsDone.store(ticket, ordering: .releasing)
                    finished.wake()
                }
            }
            drained.store(true, ordering: .releasing)
            finished.wake()
        }
    }
#endif
