#if os(Windows)
    import CPunctualWindows
    import PunctualCore
    import PunctualSCM

    /// A Win32 auto-reset event: the Windows ``Wakeup``.
    package final class WindowsEvent: Wakeup, @unchecked Sendable {
        /// Set once; the event object itself is safe to use from any thread.
        private let handle: UnsafeMutableRawPointer

        package init() throws(Win32Error) {
            var made: UnsafeMutableRawPointer?
            try Win32Error.check(punctual_event_create(&made), "CreateEventW")
            handle = made!
        }

        deinit { punctual_handle_close(handle) }

        package func wake() { punctual_event_set(handle) }

        @discardableResult
        package func sleep(_ timeout: Duration?) -> Bool {
            // Rounded up: a wait of less than a millisecond must not become a busy loop of zero waits.
            let milliseconds = timeout.map { wait in
                UInt32(clamping: max(0, wait.nanoseconds / 1_000_000 + (wait.nanoseconds % 1_000_000 > 0 ? 1 : 0)))
            }
            return punctual_event_wait(handle, milliseconds ?? UInt32.max) != 0
        }

        package func drain() { punctual_event_reset(handle) }
    }

    /// Threads on Windows, through the glue.
    package enum WindowsThreads {
        /// Starts `body` on a new thread; the name is for the reader, Windows is not told it.
        package static let start: ThreadStarter = { name, body in
            let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
            let code = punctual_thread_start(
                { context in
                    guard let context else { return }
                    Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue().body()
                }, box)
            if code != 0 {
                Unmanaged<ThreadBody>.fromOpaque(box).release()
                throw Win32Error(operation: "CreateThread for \(name)", code: code)
            }
        }
    }

    /// This process, as Windows numbers it.
    package enum WindowsProcess {
        package static var id: Int32 { Int32(bitPattern: punctual_process_id()) }
    }

    /// A closure carried through the glue's `void *` context.
    final class ThreadBody: Sendable {
        let body: @Sendable () -> Void

        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
#endif
