#if !os(Windows)
    import CPunctualLinux
    import Glibc

    /// A thread of the operating system's own, outside Swift's cooperative pool, so that no task can delay it.
    ///
    /// Its signals are blocked: signals are read by the thread that owns a ``SignalChannel``.
    package enum OSThread {
        private final class Box {
            let name: String
            let body: () -> Void
            init(_ name: String, _ body: @escaping () -> Void) {
                self.name = name
                self.body = body
            }
        }

        /// Starts `body` on a new detached thread named `name` (at most 15 characters are kept).
        package static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(SystemError) {
            let box = Unmanaged.passRetained(Box(name, body)).toOpaque()
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
            pthread_attr_setstacksize(&attributes, 512 * 1024)
            var thread = pthread_t()
            let result = pthread_create(
                &thread, &attributes,
                { argument in
                    let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
                    cpunctual_block_all_signals()
                    cpunctual_name_thread(box.name)
                    box.body()
                    return nil
                }, box)
            guard result == 0 else {
                Unmanaged<Box>.fromOpaque(box).release()
                throw SystemError("pthread_create", code: result)
            }
        }
    }
#endif
