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
        if configuration.progressTimeout != nil {
            throw Unsupported(
                message: "--progress-timeout samples the child's CPU and I/O, which punctual cannot yet do on "
                    + "Windows; give --startup-budget instead", example: example)
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
