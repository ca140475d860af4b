import Glibc
import Logging
import PunctualCore
import PunctualRuntime
import PunctualSystem

/// Reads the manager's signals, carries out the engine's slow actions (logging, finishing) and feels
/// the cooperative pool's pulse, on a thread of its own, so that none of it waits for that pool.
enum ControlThread {
    static func start(
        signals: SignalChannel, deferred: DeferredActions<WakeSignal>, driver: EngineDriver, logger: Logger,
        completion: RunCompletion, readyGate: ReadyGate, pulse: TaskPoolPulse
    ) throws(SystemError) {
        try OSThread.start(name: "punctual-control") {
            while true {
                let readable = Poller.waitReadable([signals.fd, deferred.signal.fd], timeout: .seconds(1))
                pulse.beat(at: .now)
                if readable.contains(0) {
                    while let signal = signals.next() { driver.post(.stopRequested(signal)) }
                }
                guard readable.contains(1) else { continue }
                for action in deferred.take() {
                    switch action {
                    case .log(let level, let text): logger.log(level: Logger.Level(level), "\(text)")
                    case .finish(let code):
                        signals.close()
                        completion.finish(code)
                        readyGate.open()
                        exitIfStuck(completion, code: code, logger: logger)
                        return
                    default: break
                    }
                }
            }
        }
    }

    /// The run is over; if `run()` cannot even resume (every cooperative thread blocked, as in a hung
    /// phase), exit with the code so that the manager learns what happened.
    private static func exitIfStuck(_ completion: RunCompletion, code: Int32, logger: Logger) {
        for _ in 0..<40 {
            if completion.isDelivered { return }
            var pause = timespec(tv_sec: 0, tv_nsec: 50_000_000)
            nanosleep(&pause, nil)
        }
        logger.critical("run() cannot return, every cooperative thread is blocked: exiting with \(code)")
        fflush(nil)
        exit(code)
    }
}
