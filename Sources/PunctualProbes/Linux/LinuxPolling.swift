#if !os(Windows)
    import PunctualSystem

    extension PollingThread {
        /// A polling loop on a POSIX thread that sleeps on an eventfd.
        package convenience init(jobs: [Job]) throws(SystemError) {
            self.init(jobs: jobs, wake: try WakeSignal()) { name, body throws(SystemError) in
                try OSThread.start(name: name, body)
            }
        }
    }
#endif
