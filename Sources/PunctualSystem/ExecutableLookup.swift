#if !os(Windows)
    import Glibc
    import PunctualCore

    /// Finds the file a command names, the way a shell does, so that mistakes are reported before spawning.
    package enum ExecutableLookup {
        /// Why a command cannot be run, with the exit code a shell would give (126 or 127).
        package struct Failure: Error, Equatable, Sendable {
            package let message: String
            package let exitCode: Int32
        }

        /// `command` as seen from `directory`: a relative path with a slash is taken from there, as the
        /// program will be; a bare name (searched in PATH) or an absolute path stays as it is.
        package static func inDirectory(_ command: String, _ directory: String?) -> String {
            guard let directory, command.contains("/"), !command.hasPrefix("/") else { return command }
            return directory + "/" + command
        }

        /// Whether `path` is a folder one can enter.
        package static func isDirectory(_ path: String) -> Bool {
            var status = stat()
            return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR && access(path, X_OK) == 0
        }

        /// The path to execute for `command`: as given when it contains a `/`, else found in `searchPath`.
        package static func resolve(_ command: String, searchPath: String?) throws(Failure) -> String {
            guard !command.isEmpty else {
                throw Failure(message: "the command is empty", exitCode: ExitCodes.notFound)
            }
            if command.contains("/") {
                try check(command, as: command)
                return command
            }
            let directories = (searchPath ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .split(separator: ":", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "." : String($0) }
            var firstDenied: Failure?
            for directory in directories {
                let candidate = directory + "/" + command
                guard access(candidate, F_OK) == 0 else { continue }
                do {
                    try check(candidate, as: command)
                    return candidate
                } catch {
                    if firstDenied == nil { firstDenied = error }
                }
            }
            if let firstDenied { throw firstDenied }
            throw Failure(message: "'\(command)' was not found in PATH", exitCode: ExitCodes.notFound)
        }

        private static func check(_ path: String, as written: String) throws(Failure) {
            var info = stat()
            guard stat(path, &info) == 0 else {
                let reason = String(cString: strerror(errno))
                throw Failure(
                    message: "'\(written)': \(reason.lowercased())",
                    exitCode: errno == ENOENT ? ExitCodes.notFound : ExitCodes.notExecutable)
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw Failure(message: "'\(written)' is a directory", exitCode: ExitCodes.notExecutable)
            }
            guard access(path, X_OK) == 0 else {
                throw Failure(
                    message: "'\(written)' is not executable (try chmod +x \(path))", exitCode: ExitCodes.notExecutable)
            }
        }

        /// The message and exit code for an errno that `execve` returned.
        package static func failure(forExecError code: Int32, command: String) -> Failure {
            switch code {
            case ENOENT:
                Failure(
                    message: "'\(command)' was not found (or its interpreter was not)", exitCode: ExitCodes.notFound)
            case ENOEXEC:
                Failure(
                    message: "'\(command)' is not in an executable format (does it need a #! line?)",
                    exitCode: ExitCodes.notExecutable)
            default:
                Failure(
                    message: "cannot run '\(command)': \(SystemError("execve", code: code).reason)",
                    exitCode: ExitCodes.notExecutable)
            }
        }
    }
#endif
