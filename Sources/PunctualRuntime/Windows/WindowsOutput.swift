#if os(Windows)
    import CPunctualWindows
    import PunctualSCM
    import PunctualSupervisor
    import Synchronization

    /// Copies the child's stdout and stderr to a sink, each on a relay thread of the glue's, showing
    /// every chunk to an observer on the way.
    final class WindowsOutputRelay: Sendable {
        private let relays: [Relay]

        init(
            pipes: (stdout: UnsafeMutableRawPointer, stderr: UnsafeMutableRawPointer), sink: any OutputSink,
            observe: (@Sendable (StandardStream, UnsafeRawBufferPointer) -> Void)?
        ) throws(Win32Error) {
            let out: Relay
            do {
                out = try Relay(pipe: pipes.stdout, stream: .stdout, sink: sink, observe: observe)
            } catch {
                punctual_handle_close(pipes.stderr)
                throw error
            }
            do {
                relays = [out, try Relay(pipe: pipes.stderr, stream: .stderr, sink: sink, observe: observe)]
            } catch {
                out.close()
                throw error
            }
        }

        /// Waits until both streams have ended; false if `timeout` passed first (a process outside the
        /// Job still holds a pipe).
        func waitUntilDrained(timeout: Duration) -> Bool {
            let deadline = ContinuousClock.now + timeout
            return relays.allSatisfy { relay in
                relay.wait(max(.zero, deadline - ContinuousClock.now))
            }
        }

        /// Ends both relays; call once the child is gone.
        func close() { for relay in relays { relay.close() } }
    }

    /// One stream's relay thread, and what it hands each chunk to.
    private final class Relay: Sendable {
        let stream: StandardStream
        let sink: any OutputSink
        let observe: (@Sendable (StandardStream, UnsafeRawBufferPointer) -> Void)?
        /// The glue's relay, as its address (0 once closed): a pointer is not Sendable, its number is.
        private let relay = Mutex<UInt>(0)

        init(
            pipe: UnsafeMutableRawPointer, stream: StandardStream, sink: any OutputSink,
            observe: (@Sendable (StandardStream, UnsafeRawBufferPointer) -> Void)?
        ) throws(Win32Error) {
            self.stream = stream
            self.sink = sink
            self.observe = observe
            // The glue calls back until the end of the stream; close() waits for that before letting go.
            let context = Unmanaged.passRetained(self).toOpaque()
            var made: OpaquePointer?
            let code = punctual_relay_start(
                pipe,
                { bytes, count, context in
                    guard let context, let bytes, count > 0 else { return }
                    let relay = Unmanaged<Relay>.fromOpaque(context).takeUnretainedValue()
                    let chunk = UnsafeRawBufferPointer(start: bytes, count: Int(count))
                    relay.sink.write(chunk, from: relay.stream)
                    relay.observe?(relay.stream, chunk)
                }, context, &made)
            guard code == 0 else {
                Unmanaged<Relay>.fromOpaque(context).release()
                punctual_handle_close(pipe)
                throw Win32Error(operation: "starting the \(stream) relay", code: code)
            }
            relay.withLock { $0 = UInt(bitPattern: made) }
        }

        func wait(_ timeout: Duration) -> Bool {
            relay.withLock { address in
                guard let relay = OpaquePointer(bitPattern: address) else { return true }
                return punctual_relay_wait(relay, UInt32(clamping: timeout.milliseconds)) == 0
            }
        }

        func close() {
            let freed = relay.withLock { address -> Bool in
                guard let made = OpaquePointer(bitPattern: address) else { return false }
                address = 0
                return punctual_relay_close(made) != 0
            }
            // A relay thread that would not end still holds this object as its context: keep it alive.
            if freed { Unmanaged.passUnretained(self).release() }
        }
    }

    /// The child's output to punctual's own stdout and stderr: a console run.
    struct StandardOutputSink: OutputSink {
        func write(_ bytes: UnsafeRawBufferPointer, from stream: StandardStream) {
            _ = punctual_standard_write(stream.ownDescriptor, bytes.baseAddress, UInt32(clamping: bytes.count))
        }
    }
#endif
