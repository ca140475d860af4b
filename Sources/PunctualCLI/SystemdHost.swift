#if !os(Windows)
    import Glibc
    import PunctualCore
    import PunctualRuntime
    import PunctualSystem

    /// Where `install`, `uninstall`, `start`, `stop` and `status` meet systemd: the unit file, then
    /// `systemctl`.
    enum SystemdHost {
        /// Where the unit of `name` lives: the system's folder, or the user's with `user`.
        static func unitPath(_ name: String, user: Bool) -> String {
            guard user else { return "/etc/systemd/system/\(name).service" }
            let config =
                environmentValue("XDG_CONFIG_HOME").flatMap { $0.isEmpty ? nil : $0 }
                ?? "\(environmentValue("HOME") ?? "~")/.config"
            return "\(config)/systemd/user/\(name).service"
        }

        /// Writes the unit (whole or not at all), reloads systemd, and enables the unit when asked.
        static func install(_ unit: SystemdUnit, enable: Bool) throws {
            try requireSystemd("punctual install \(unit.name) --dry-run … prints the unit it would write")
            let path = unitPath(unit.name, user: unit.userUnit)
            if unit.userUnit { try makeFolders(String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])) }
            try writeWhole(unit.text, to: path)
            print("wrote \(path)")
            let socketPath = String(path.dropLast(".service".count)) + ".socket"
            if let socketText = unit.socketText {
                try writeWhole(socketText, to: socketPath)
                print("wrote \(socketPath)")
            }
            try systemctl(["daemon-reload"], user: unit.userUnit)
            if enable { try systemctl(["enable", "\(unit.name).service"], user: unit.userUnit) }
            if unit.socketText != nil {
                try systemctl(["enable", "--now", "\(unit.name).socket"], user: unit.userUnit)
            }
            print("installed \(unit.name): 'punctual start \(unit.name)\(unit.userUnit ? " --user" : "")' starts it")
            for line in StartHistoryFile(folder: stateFolder(unit.name, user: unit.userUnit)).read().summary() {
                print("  \(line)")
            }
        }

        /// Stops and disables the unit, removes its file and reloads systemd.
        static func uninstall(_ name: String, user: Bool) throws {
            try requireSystemd()
            let path = unitPath(name, user: user)
            guard access(path, F_OK) == 0 else {
                throw ServiceFailure(reason: "\(name): no unit at \(path) (was it installed with punctual install?)")
            }
            let socketPath = String(path.dropLast(".service".count)) + ".socket"
            let hasSocket = access(socketPath, F_OK) == 0
            if hasSocket { try systemctl(["disable", "--now", "\(name).socket"], user: user) }
            try systemctl(["disable", "--now", "\(name).service"], user: user)
            for file in [path] + (hasSocket ? [socketPath] : []) where unlink(file) != 0 {
                throw ServiceFailure(reason: "cannot remove \(file): \(SystemError("unlink").reason)")
            }
            try systemctl(["daemon-reload"], user: user)
            print("uninstalled \(name)")
        }

        /// `systemctl start`, which waits for READY=1 (or the failure), then the status.
        static func start(_ name: String, user: Bool, limit: Duration) throws {
            try requireSystemd()
            let started = try? systemctl(["start", "\(name).service"], user: user, limit: limit)
            try status(name, user: user)
            if started == nil { throw ServiceFailure(reason: "\(name) did not start") }
        }

        static func stop(_ name: String, user: Bool, limit: Duration) throws {
            try requireSystemd()
            let stopped = try? systemctl(["stop", "\(name).service"], user: user, limit: limit)
            try status(name, user: user)
            if stopped == nil { throw ServiceFailure(reason: "\(name) did not stop") }
        }

        /// The unit's state, punctual's own STATUS= and the last result.
        static func status(_ name: String, user: Bool) throws {
            try requireSystemd()
            let properties = [
                "ActiveState", "SubState", "Result", "StatusText", "MainPID", "ExecMainStatus", "LoadState",
            ]
            let output = try systemctl(
                ["show", "\(name).service"] + properties.map { "--property=\($0)" }, user: user, capture: true)
            print(SystemdStatus(showOutput: output).lines(name: name).joined(separator: "\n"))
            for line in StartHistoryFile(folder: stateFolder(name, user: user)).read().summary() { print("  \(line)") }
        }

        /// The folder systemd makes for the unit's `StateDirectory=`, where punctual keeps its start history.
        static func stateFolder(_ name: String, user: Bool) -> String {
            let relative = SystemdUnit.stateDirectory(name)
            guard user else { return "/var/lib/\(relative)" }
            let state =
                environmentValue("XDG_STATE_HOME").flatMap { $0.isEmpty ? nil : $0 }
                ?? "\(environmentValue("HOME") ?? "~")/.local/state"
            return "\(state)/\(relative)"
        }

        /// systemd runs this system when its runtime folder exists (what sd_booted checks).
        private static func requireSystemd(
            _ example: String = "run it where systemd is PID 1, or see the unit: punctual install api --dry-run …"
        ) throws(UsageError) {
            guard access("/run/systemd/system", F_OK) == 0 else {
                throw UsageError(
                    message: "systemd is not this system's manager (no /run/systemd/system)", example: example)
            }
        }

        /// Runs systemctl, its output passed on (or captured and returned); throws unless it exits 0.
        @discardableResult
        private static func systemctl(
            _ arguments: [String], user: Bool, limit: Duration = .seconds(90), capture: Bool = false
        ) throws -> String {
            let path = try ExecutableLookup.resolve("systemctl", searchPath: environmentValue("PATH"))
            var command = ProcessLauncher.Command(
                path: path, arguments: ["systemctl"] + (user ? ["--user"] : []) + arguments,
                environment: currentEnvironment())
            command.stdin = .null
            var ends: (read: Int32, write: Int32) = (-1, -1)
            if capture {
                var made: [Int32] = [-1, -1]
                guard pipe(&made) == 0 else { throw SystemError("pipe") }
                for end in made { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
                ends = (made[0], made[1])
                command.stdout = .descriptor(ends.write)
            }
            let watch = try ProcessLauncher.launch(command)
            var output: [UInt8] = []
            if capture {
                close(ends.write)
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(ends.read, $0.baseAddress, $0.count) }
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 { break }
                    output += buffer[0..<count]
                }
                close(ends.read)
            }
            guard let status = watch.wait(timeout: limit) else {
                kill(watch.pid, SIGKILL)
                _ = watch.wait(timeout: .seconds(5))
                throw ServiceFailure(
                    reason: "systemctl \(arguments.joined(separator: " ")) took longer than \(limit.humanReadable)")
            }
            guard status == 0 else {
                throw ServiceFailure(
                    reason: "systemctl \(arguments.joined(separator: " ")) failed (\(ChildExit(waitStatus: status)))")
            }
            return String(decoding: output, as: UTF8.self)
        }

        private static func writeWhole(_ text: String, to path: String) throws {
            do {
                try FileDescriptorIO.replaceFile(path, with: text)
            } catch {
                throw ServiceFailure(reason: "cannot write \(path): \(error.reason)")
            }
        }

        private static func makeFolders(_ path: String) throws {
            var built = ""
            for part in path.split(separator: "/") {
                built += "/\(part)"
                if mkdir(built, 0o755) != 0 && errno != EEXIST {
                    throw ServiceFailure(reason: "cannot make \(built): \(SystemError("mkdir").reason)")
                }
            }
        }
    }
#endif
