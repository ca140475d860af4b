import PunctualCore

#if os(Windows)
    import PunctualSCM
#else
    import Glibc
#endif

/// Where `install`, `uninstall`, `start`, `stop` and `status` meet the Windows SCM, or on Linux
/// systemd (through ``SystemdHost``).
enum ServiceHost {
    /// This punctual's own path, for the service's command line.
    static var executablePath: String {
        #if os(Windows)
            WindowsServiceManager.executablePath
        #else
            var buffer = [CChar](repeating: 0, count: 4096)
            let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            return count > 0
                ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                : CommandLine.arguments[0]
        #endif
    }

    static func install(_ plan: ServiceInstallPlan, password: String?) throws {
        #if os(Windows)
            let skipped = try WindowsServiceManager.install(plan, password: password)
            print("installed \(plan.name)")
            for setting in skipped { print("warning: installed without \(setting), which could not be set up") }
        #else
            throw needsWindows("install", instead: "punctual install \(plan.name) --manager systemd …")
        #endif
    }

    static func uninstall(_ name: String, user: Bool) throws {
        #if os(Windows)
            try WindowsServiceManager.uninstall(name)
            print("uninstalled \(name)")
        #else
            try SystemdHost.uninstall(name, user: user)
        #endif
    }

    /// Starts the service and follows it to RUNNING, printing each step.
    static func start(_ name: String, user: Bool, limit: Duration) throws {
        #if os(Windows)
            try WindowsServiceManager.start(name)
            try follow(name, to: .running, limit: limit)
        #else
            try SystemdHost.start(name, user: user, limit: limit)
        #endif
    }

    /// Asks the service to stop and follows it to STOPPED, printing each step.
    static func stop(_ name: String, user: Bool, limit: Duration) throws {
        #if os(Windows)
            try WindowsServiceManager.control(name, .stop)
            try follow(name, to: .stopped, limit: limit)
        #else
            try SystemdHost.stop(name, user: user, limit: limit)
        #endif
    }

    static func status(_ name: String, user: Bool) throws {
        #if os(Windows)
            let (status, processID) = try WindowsServiceManager.query(name)
            print(
                ServiceStatusReport.lines(
                    status: status, processID: processID,
                    configuration: try WindowsServiceManager.describe(name)
                ).joined(separator: "\n"))
        #else
            try SystemdHost.status(name, user: user)
        #endif
    }

    #if os(Windows)
        private static func follow(_ name: String, to goal: ServiceWait.Goal, limit: Duration) throws {
            var wait = ServiceWait(for: goal, limit: limit, at: .now)
            while true {
                let (status, _) = try WindowsServiceManager.query(name)
                switch wait.observe(status, at: .now) {
                case .waiting(let progress):
                    if let progress { print(progress) }
                case .reached(let text):
                    print(text)
                    return
                case .failed(let reason):
                    throw ServiceFailure(reason: "\(name): \(reason)")
                }
                WindowsServiceManager.sleep(wait.pollInterval)
            }
        }
    #endif

    private static func needsWindows(_ command: String, instead: String) -> UsageError {
        UsageError(
            message: "\(command) needs the Windows Service Control Manager, which this system does not have",
            example: instead)
    }
}

/// The SCM refused or the service did not get where it was asked to go: one line, exit 1.
struct ServiceFailure: Error, CustomStringConvertible {
    let reason: String

    var description: String { reason }
}
