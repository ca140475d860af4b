/// What `punctual run` does differently on Windows, decided here so that it is tested on any system.
package enum WindowsRunRules {
    /// The code punctual ends the child's Job with when the child did not stop in time: a customer
    /// NTSTATUS that no program exits with by accident.
    package static let jobEndedExitCode: UInt32 = 0xE000_0109

    /// STATUS_CONTROL_C_EXIT: how a process ends when CTRL_BREAK reaches its default handler.
    package static let controlBreakExitCode: UInt32 = 0xC000_013A

    /// A setting `punctual run` cannot honour on Windows, with what to do instead.
    package struct Unsupported: Error, Sendable, Equatable {
        package let message: String
        package let example: String
    }

    /// How a Windows exit code reads to the engine: an end by CTRL_BREAK's default handler as the
    /// stop's interrupt, punctual's own Job ending as a kill, any other code as it is (NTSTATUS
    /// crash codes such as 0xC0000005 keep their bits, so they read negative).
    package static func childExit(code: UInt32) -> ChildExit {
        switch code {
        case controlBreakExitCode: .signaled(.interrupt)
        case jobEndedExitCode: .signaled(.kill)
        default: .exited(Int32(bitPattern: code))
        }
    }

    /// `configuration` as a Windows run needs it: the child is asked to stop with CTRL_BREAK, which
    /// the engine sees as an interrupt, and it is killed by ending its Job. Throws for what only
    /// Linux offers.
    package static func engineConfiguration(_ configuration: EngineConfiguration) throws(Unsupported)
        -> EngineConfiguration
    {
        let example = "punctual run --ready tcp:127.0.0.1:8080 --stop-timeout 30s -- server.exe"
        if let signal = configuration.stopSignal {
            throw Unsupported(
                message: "--stop-signal \(signal) has no meaning on Windows, where the child is asked to stop "
                    + "with CTRL_BREAK", example: example)
        }
        for probe in configuration.probes {
            if let reason = unavailability(of: probe) {
                throw Unsupported(
                    message: "--ready \(probe) is not available on Windows yet: \(reason)", example: example)
            }
        }
        var windows = configuration
        windows.stopSignal = .interrupt
        windows.workload = .windowsProcess
        return windows
    }

    /// I/O that counts as progress on Windows, in bytes per second: the Job counts every read and
    /// write, a pipe's or a socket's too, so a program answering probes or writing a line now and
    /// then must not look like one loading its data.
    package static let minimumIORate = 64.0 * 1024

    /// What counts as progress in a Job's accounting: CPU at 1 % of a core, I/O at ``minimumIORate``.
    package static func progressRule() -> ResourceProgress { ResourceProgress(minimumIORate: minimumIORate) }

    /// A Job's accounting (`JOBOBJECT_BASIC_AND_IO_ACCOUNTING_INFORMATION`) as usage: user and kernel
    /// time in 100 ns units, and the bytes its processes read and wrote.
    package static func usage(cpuTime100ns: UInt64, readBytes: UInt64, writeBytes: UInt64) -> ResourceUsage {
        let cpu = min(cpuTime100ns, UInt64(Int64.max / 100))
        let bytes = min(readBytes, UInt64(Int64.max / 2)) + min(writeBytes, UInt64(Int64.max / 2))
        return ResourceUsage(cpuTime: .nanoseconds(Int64(cpu) * 100), ioBytes: Int64(bytes))
    }

    /// What a run says when its Job's accounting cannot be read, so that `--progress-timeout` sees only
    /// the output and the probes' answers change.
    package static func accountingUnavailable(win32Error: UInt32) -> String {
        "cannot read the child's CPU time and I/O from its Job (Win32 error \(win32Error)); --progress-timeout "
            + "now counts only its output and its probes' answers changing as progress"
    }

    /// Why punctual cannot run `probe` on Windows, or nil when it can: `notify` needs systemd's socket,
    /// and PostgreSQL's socket folder is Linux's.
    package static func unavailability(of probe: ProbeSpec) -> String? {
        switch probe {
        case .notify: return "notify needs systemd's socket; use tcp:, http://, exec:, file: or log:"
        case .postgres(let target):
            guard case .socket = target.address else { return nil }
            return "PostgreSQL on Windows listens on TCP; give postgres://HOST:PORT"
        case .tcp, .http, .redis, .grpc, .exec, .log, .file, .condition: return nil
        }
    }

    /// What a CreateProcessW failure means, and the exit code a shell would give for it: 127 when the
    /// program is not found, 126 when it is no program Windows can run, 70 otherwise.
    package static func spawnFailure(win32Error: UInt32) -> (reason: String, exitCode: Int32) {
        switch win32Error {
        case 2, 3, 123:
            ("not found (Win32 error \(win32Error)); give its full path", ExitCodes.notFound)
        case 5:
            ("access is denied (Win32 error 5)", ExitCodes.notExecutable)
        case 193, 216:
            ("not a program this Windows can run (Win32 error \(win32Error))", ExitCodes.notExecutable)
        case 267:
            ("its --working-directory is not a folder (Win32 error 267)", ExitCodes.usage)
        default:
            ("Win32 error \(win32Error)", ExitCodes.internalError)
        }
    }

    /// The folder an installed service runs in unless `--working-directory` says otherwise: its
    /// program's, as NSSM and WinSW do, when the program is given by a full path; else none.
    package static func defaultWorkingDirectory(program: String) -> String? {
        guard isFullPath(program), let slash = program.lastIndex(of: "\\") else { return nil }
        let folder = String(program[..<slash])
        return folder.hasSuffix(":") ? folder + "\\" : folder
    }

    /// `program` as seen from `directory`: a relative path with a separator (`bin\server.exe`) is taken
    /// from there, as on Linux; a bare name (searched by Windows) or a full path stays as it is.
    package static func program(_ program: String, in directory: String?) -> String {
        guard let directory, program.contains("\\") || program.contains("/"), !isFullPath(program) else {
            return program
        }
        return directory.hasSuffix("\\") ? directory + program : directory + "\\" + program
    }

    /// Whether `path` starts at a drive (`C:\`) or a share (`\\server`).
    static func isFullPath(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        let hasDrive =
            bytes.count > 2 && bytes[1] == UInt8(ascii: ":")
            && (bytes[2] == UInt8(ascii: "\\") || bytes[2] == UInt8(ascii: "/"))
        return hasDrive || path.hasPrefix("\\\\")
    }

    /// Where an installed service's output goes unless `--log-file` says otherwise:
    /// `%ProgramData%\punctual\NAME\output.log`.
    package static func defaultLogFile(service: String, programData: String) -> String {
        defaultLogFolders(service: service, programData: programData).folder + "\\output.log"
    }

    /// `%ProgramData%\punctual`, which `install` keeps for SYSTEM and Administrators, and the
    /// service's folder in it, which its account may also use.
    package static func defaultLogFolders(service: String, programData: String) -> (root: String, folder: String) {
        var base = programData
        while base.hasSuffix("\\") { base.removeLast() }
        return ("\(base)\\punctual", "\(base)\\punctual\\\(service)")
    }
}
