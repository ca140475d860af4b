#if !os(Windows)
    import Glibc
    import PunctualCore
    import PunctualSystem

    /// What systemd told this process through its environment.
    package struct SystemdEnvironment: Sendable, Equatable {
        /// `$NOTIFY_SOCKET`, when set and not empty.
        package var notifySocket: String?
        /// `$WATCHDOG_USEC`, when set and meant for this process (`$WATCHDOG_PID` unset or ours).
        package var watchdogInterval: Duration?
        /// `$INVOCATION_ID`: set for every process systemd starts as a service.
        package var invocationID: String?
        /// `$JOURNAL_STREAM`: `DEVICE:INODE` of the journal stream on stdout/stderr.
        package var journalStream: String?
        /// The listening sockets systemd passed (socket activation): `$LISTEN_FDS` descriptors from 3
        /// on, when `$LISTEN_PID` is this process; 0 otherwise.
        package var passedSockets: Int32 = 0
        /// `$LISTEN_FDNAMES`, their names, colon-separated, when systemd gave them.
        package var passedSocketNames: String?

        package init(
            notifySocket: String? = nil, watchdogInterval: Duration? = nil, invocationID: String? = nil,
            journalStream: String? = nil
        ) {
            self.notifySocket = notifySocket
            self.watchdogInterval = watchdogInterval
            self.invocationID = invocationID
            self.journalStream = journalStream
        }

        /// Reads this process's environment.
        package static func current() -> SystemdEnvironment {
            read(environmentValue, pid: getpid())
        }

        /// Reads an environment through `lookup`, for the process `pid`.
        package static func read(_ lookup: (String) -> String?, pid: Int32) -> SystemdEnvironment {
            var environment = SystemdEnvironment()
            environment.notifySocket = lookup("NOTIFY_SOCKET").flatMap { $0.isEmpty ? nil : $0 }
            if let micros = lookup("WATCHDOG_USEC").flatMap({ Int64($0) }), micros > 0 {
                let watchdogPID = lookup("WATCHDOG_PID").flatMap { Int32($0) }
                if watchdogPID == nil || watchdogPID == pid { environment.watchdogInterval = .microseconds(micros) }
            }
            environment.invocationID = lookup("INVOCATION_ID")
            environment.journalStream = lookup("JOURNAL_STREAM")
            if lookup("LISTEN_PID").flatMap({ Int32($0) }) == pid,
                let count = lookup("LISTEN_FDS").flatMap({ Int32($0) }),
                count > 0
            {
                environment.passedSockets = count
                environment.passedSocketNames = lookup("LISTEN_FDNAMES")
            }
            return environment
        }

        /// Whether a service manager started this process.
        package var isUnderManager: Bool { notifySocket != nil || invocationID != nil }

        /// Variables that speak for this process and must not reach the child unless punctual means them to.
        package static let variablesForThisProcessOnly = [
            "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
        ]
    }
#endif
