import PunctualCore
import Synchronization

/// Runs jobs on a thread of its own, each on its own schedule, until stopped.
///
/// Used during the start for polled probes and progress sampling; it ends once the start is over.
package final class PollingThread: Sendable {
    /// Work to repeat, with the schedule of the waits between runs.
    package struct Job: Sendable {
        package var schedule: ProbeBackoff
        /// How long after the thread starts the job first runs.
        package let startsAfter: Duration
        package let work: @Sendable () -> Void

        package init(schedule: ProbeBackoff, startsAfter: Duration = .zero, work: @escaping @Sendable () -> Void) {
            self.schedule = schedule
            self.startsAfter = startsAfter
            self.work = work
        }
    }

    private let jobs: [Job]
    private let stopped = Atomic(false)
    private let wake: any Wakeup
    private let startThread: ThreadStarter

    /// A loop over `jobs` that sleeps on `wake` and runs on a thread from `startThread`.
    package init(jobs: [Job], wake: any Wakeup, startThread: @escaping ThreadStarter) {
        self.jobs = jobs
        self.wake = wake
        self.startThread = startThread
    }

    /// Starts the thread; each job runs once its `startsAfter` has passed, then after each of its
    /// schedule's delays.
    package func start(name: String) throws {
        try startThread(name) { [self] in run() }
    }

    /// Ends the loop; a job already running finishes first.
    package func stop() {
        stopped.store(true, ordering: .releasing)
        wake.wake()
    }

    private func run() {
        var jobs = self.jobs
        let start = ContinuousClock.now
        var due = jobs.map { start + $0.startsAfter }
        while !stopped.load(ordering: .acquiring) {
            for index in jobs.indices where due[index] <= ContinuousClock.now {
                guard !stopped.load(ordering: .acquiring) else { return }
                jobs[index].work()
                due[index] = ContinuousClock.now + jobs[index].schedule.nextDelay()
            }
            guard let next = due.min() else { return }
            wake.sleep(next - ContinuousClock.now)
        }
    }
}
