import PunctualProbes

#if os(Windows)
    extension PollingThread {
        /// A polling loop on a thread of this system's.
        package static func onThisSystem(jobs: [Job]) throws -> PollingThread {
            PollingThread(jobs: jobs, wake: try WindowsEvent(), startThread: WindowsThreads.start)
        }
    }
#else
    extension PollingThread {
        /// A polling loop on a thread of this system's.
        package static func onThisSystem(jobs: [Job]) throws -> PollingThread {
            try PollingThread(jobs: jobs)
        }
    }
#endif
