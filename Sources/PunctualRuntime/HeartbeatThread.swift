import PunctualCore

/// Ticks the engine at each of its deadlines, on a thread that does nothing else.
///
/// Nothing the wrapper does (relaying output, running probes, writing the log) runs here, so a
/// slow disk, a full pipe or a busy probe cannot make a heartbeat late.
package enum HeartbeatThread {
    package static func start(driver: EngineDriver, on startThread: ThreadStarter) throws {
        try startThread("punctual-beat") {
            while !driver.read({ $0.phase.isFinished }) {
                let deadline = driver.read { $0.nextDeadline }
                let wait = deadline.map { $0 - ContinuousClock.now }
                if let wait, wait <= .zero {
                    driver.tick()
                } else {
                    driver.deadlineChanged.sleep(wait)
                }
            }
        }
    }
}
