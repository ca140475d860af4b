#if !os(Windows)
    import Glibc
    import PunctualCore
    import PunctualSystem

    /// Passes when `/bin/sh -c COMMAND` exits 0 within the probe timeout; killed with its group when it does not.
    package struct ExecProbe: PolledProbe {
        package let command: String
        package let environment: [String]

        package init(command: String, environment: [String]) {
            self.command = command
            self.environment = environment
        }

        package func check(timeout: Duration) -> ProbeResult {
            var launch = ProcessLauncher.Command(
                path: "/bin/sh", arguments: ["sh", "-c", command], environment: environment)
            launch.stdin = .null
            launch.stdout = .null
            launch.stderr = .null
            launch.parentDeathSignal = Signal.kill.number
            let watch: ExitWatch
            do {
                watch = try ProcessLauncher.launch(launch)
            } catch {
                return ProbeResult(passed: false, detail: "cannot run /bin/sh: \(error.reason.lowercased())")
            }
            guard let status = watch.wait(timeout: timeout) else {
                kill(-watch.pid, SIGKILL)
                _ = watch.wait(timeout: .seconds(1))
                return ProbeResult(passed: false, detail: "no exit within \(timeout.humanReadable)")
            }
            switch ChildExit(waitStatus: status) {
            case .exited(0): return ProbeResult(passed: true, detail: "exit 0")
            case .exited(let code): return ProbeResult(passed: false, detail: "exit \(code)")
            case .signaled(let signal): return ProbeResult(passed: false, detail: "killed by \(signal)")
            case .lost: return ProbeResult(passed: false, detail: "lost")
            }
        }
    }
#endif
