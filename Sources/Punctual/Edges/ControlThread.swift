import Logging
import PunctualCore
import PunctualRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(ucrt)
    import ucrt
#endif

/// The work of punctual's control thread, on every system: it carries out the engine's slow actions
/// (logging, finishing) and feels the cooperative pool's pulse, so that none of it waits for that pool.
/// How the thread waits, and what else it hears (signals on Linux), is the system's part.
package struct ControlThread: Sendable {
    package let driver: EngineDriver
    package let logger: Logger
    let completion: RunCompletion
    let readyGate: ReadyGate
    let pulse: TaskPoolPulse

    /// The pause between two pulses when nothing else wakes the thread.
    static let beat: Duration = .seconds(1)

    /// Ends the run with `code`; the thread ends after this. Before the code is handed to `run()`,
    /// `letGo` releases what the thread held (the signal handlers).
    func finish(_ code: Int32, pause: (Duration) -> Void, letGo: () -> Void) {
        letGo()
        deliver(code)
        exitIfStuck(code: code, pause: pause)
    }

    /// Hands `code` to `run()`, which returns it.
    package func deliver(_ code: Int32) {
        completion.finish(code)
        readyGate.open()
    }

    /// The run is over; if `run()` cannot even resume (every cooperative thread blocked, as in a hung
    /// phase), exit with the code so that the manager learns what happened.
    private func exitIfStuck(code: Int32, pause: (Duration) -> Void) {
        for _ in 0..<40 {
            if completion.isDelivered { return }
            pause(.milliseconds(50))
        }
        logger.critical("run() cannot return, every cooperative thread is blocked: exiting with \(code)")
        fflush(nil)
        exit(code)
    }
}
