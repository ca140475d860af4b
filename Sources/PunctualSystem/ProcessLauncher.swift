#if !os(Windows)
    import CPunctualLinux
    import Glibc

    /// Starts a program in a session of its own, standard streams wired as asked.
    package enum ProcessLauncher {
        /// How to wire one of the child's standard streams.
        package enum Stream: Sendable {
            case inherit
            case descriptor(Int32)
            case null

            func withDescriptor<Result>(_ body: (Int32) -> Result) -> Result {
                switch self {
                case .inherit: return body(-1)
                case .descriptor(let fd): return body(fd)
                case .null:
                    let fd = open("/dev/null", O_RDWR | O_CLOEXEC)
                    defer { if fd >= 0 { close(fd) } }
                    return body(fd)
                }
            }
        }

        /// What to start.
        package struct Command: Sendable {
            package var path: String
            package var arguments: [String]
            package var environment: [String]
            package var stdin: Stream = .inherit
            package var stdout: Stream = .inherit
            package var stderr: Stream = .inherit
            /// Sent to the child when the thread that started it ends; nil for none.
            package var parentDeathSignal: Int32? = nil
            /// The working directory; nil keeps punctual's.
            package var directory: String? = nil
            /// Environment variables the child finds set to its own pid (`WATCHDOG_PID`, `LISTEN_PID`).
            package var ownPIDVariables: [String] = []
            /// How many descriptors from 3 on the child gets where they are (systemd's `LISTEN_FDS`).
            package var passedDescriptors: Int32 = 0

            package init(path: String, arguments: [String], environment: [String]) {
                self.path = path
                self.arguments = arguments
                self.environment = environment
            }
        }

        /// Builds the C description of `command` for the duration of `body`.
        package static func withSpec<Result>(_ command: Command, _ body: (UnsafePointer<cpunctual_exec_spec>) -> Result)
            -> Result
        {
            let argv = CStringArray(command.arguments)
            var environment = command.environment
            for name in command.ownPIDVariables {
                environment.removeAll { $0.hasPrefix(name + "=") }
                environment.append(name + "=" + String(repeating: "0", count: 10))
            }
            let envp = CStringArray(environment)
            let pidVariables = CStringArray(command.ownPIDVariables)
            return command.stdin.withDescriptor { stdinFD in
                command.stdout.withDescriptor { stdoutFD in
                    command.stderr.withDescriptor { stderrFD in
                        argv.withPointers { argvPointer in
                            envp.withPointers { envpPointer in
                                command.path.withCString { path in
                                    withOptionalCString(command.directory) { directory in
                                        pidVariables.withPointers { names in
                                            var spec = cpunctual_exec_spec(
                                                path: path,
                                                argv: argvPointer,
                                                envp: envpPointer,
                                                stdin_fd: stdinFD,
                                                stdout_fd: stdoutFD,
                                                stderr_fd: stderrFD,
                                                parent_death_signal: command.parentDeathSignal ?? 0,
                                                directory: directory,
                                                pid_variables: UnsafeRawPointer(names).assumingMemoryBound(
                                                    to: UnsafePointer<CChar>?.self),
                                                passed_fds: min(command.passedDescriptors, CPUNCTUAL_MOST_PASSED_FDS))
                                            return body(&spec)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        /// Starts `command` and returns its pid and the watch for its exit.
        package static func launch(_ command: Command) throws(SystemError) -> ExitWatch {
            var pid: Int32 = 0
            var execError: Int32 = 0
            let result = withSpec(command) { spec in cpunctual_spawn(spec, &pid, &execError) }
            guard result == 0 else { throw SystemError("fork", code: result) }
            let watch = Reaper.shared.watch(pid)
            guard execError == 0 else { throw SystemError("execve \(command.path)", code: execError) }
            return watch
        }
    }

    /// `text` as a C string for `body`, or NULL.
    private func withOptionalCString<Result>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> Result) -> Result {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }
#endif
