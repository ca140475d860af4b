#if !os(Windows)
    import PunctualCore
    import PunctualSupervisor
    import PunctualSystem

    /// The real program under simulation, started as its manager would start it: its stdout goes to
    /// stderr so the report on stdout stays clean, and its tree is guarded by a keeper.
    final class ServiceProcess: Sendable {
        let child: SupervisedChild

        /// Variables of the simulator's own environment that must not leak into the service's.
        private static let managerVariables = [
            "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
            "INVOCATION_ID",
            SCMEmulatorEnvironment.socket, SCMEmulatorEnvironment.serviceName, SCMEmulatorEnvironment.strategy,
        ]

        private init(child: SupervisedChild) { self.child = child }

        /// Starts `command` with the simulator's environment, less what speaks for a manager, plus `extra`.
        static func start(_ command: [String], extra: [String]) throws(SupervisedChild.SpawnFailure) -> ServiceProcess {
            let path: String
            do {
                path = try ExecutableLookup.resolve(command[0], searchPath: environmentValue("PATH"))
            } catch {
                throw SupervisedChild.SpawnFailure(message: error.message, exitCode: error.exitCode)
            }
            let environment =
                currentEnvironment().filter { entry in !managerVariables.contains { entry.hasPrefix($0 + "=") } }
                + extra
            var launch = ProcessLauncher.Command(path: path, arguments: command, environment: environment)
            launch.stdin = .null
            launch.stdout = .descriptor(2)
            return ServiceProcess(child: try SupervisedChild(launch, relayOutput: false))
        }

        var pid: Int32 { child.pid }
    }
#endif
