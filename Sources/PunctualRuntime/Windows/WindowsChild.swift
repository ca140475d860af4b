#if os(Windows)
    import CPunctualWindows
    import PunctualCore
    import PunctualSCM

    /// The child on Windows: its own process group inside a Job object that ends with punctual, its
    /// stdout and stderr coming back through pipes.
    final class WindowsChild: Workload, @unchecked Sendable {
        /// Why the child could not be started, and the exit code that says so.
        struct SpawnFailure: Error {
            let message: String
            let exitCode: Int32
        }

        let pid: Int32
        /// The read ends of the child's stdout and stderr; the relays own them once started.
        let outputPipes: (stdout: UnsafeMutableRawPointer, stderr: UnsafeMutableRawPointer)
        /// The glue's child; its calls may come from any thread.
        private let child: OpaquePointer
        private let onTrouble: @Sendable (String) -> Void

        /// Starts `command` in `directory` (nil: punctual's); `onTrouble` hears a stop request that could not be delivered.
        init(command: [String], directory: String?, onTrouble: @escaping @Sendable (String) -> Void)
            throws(SpawnFailure)
        {
            var pipes: [(read: UnsafeMutableRawPointer?, write: UnsafeMutableRawPointer?)] = [(nil, nil), (nil, nil)]
            for index in pipes.indices {
                var read: UnsafeMutableRawPointer?
                var write: UnsafeMutableRawPointer?
                let code = punctual_pipe_create(&read, &write)
                pipes[index] = (read, write)
                guard code == 0 else {
                    for made in pipes {
                        if let read = made.read { punctual_handle_close(read) }
                        if let write = made.write { punctual_handle_close(write) }
                    }
                    throw SpawnFailure(
                        message: "cannot create a pipe: Win32 error \(code)", exitCode: ExitCodes.internalError)
                }
            }
            let strings = WideStrings()
            // Alive until the calls below have read its buffers.
            defer { withExtendedLifetime(strings) {} }
            // A relative program path is taken from the working directory, as on Linux.
            let line = WindowsCommandLine.join(
                [WindowsRunRules.program(command[0], in: directory)] + command.dropFirst())
            var made: OpaquePointer?
            let code = punctual_child_spawn(
                strings.make(line), nil, strings.make(directory), pipes[0].write, pipes[1].write, &made)
            // Only the child may hold the write ends: the relays see the end of its output when it goes.
            for pipe in pipes { punctual_handle_close(pipe.write) }
            guard code == 0, let made else {
                for pipe in pipes { punctual_handle_close(pipe.read) }
                let failure = WindowsRunRules.spawnFailure(win32Error: code)
                throw SpawnFailure(message: "cannot run \(command[0]): \(failure.reason)", exitCode: failure.exitCode)
            }
            child = made
            pid = Int32(bitPattern: punctual_child_pid(made))
            outputPipes = (pipes[0].read!, pipes[1].read!)
            self.onTrouble = onTrouble
        }

        deinit { punctual_child_close(child) }

        /// The stop request is CTRL_BREAK to the child's process group; nothing else is forwarded on Windows.
        func send(_ signal: Signal, to target: SignalTarget) {
            guard target == .processGroup else { return }
            let code = punctual_child_break(child)
            if code != 0 {
                onTrouble(
                    "cannot send CTRL_BREAK to the child (Win32 error \(code)); its Job is ended when the grace runs out"
                )
            }
        }

        /// What the child's Job has used so far: its processes' CPU time and the bytes they read and wrote.
        func usage() throws(Win32Error) -> ResourceUsage {
            var cpu: UInt64 = 0
            var read: UInt64 = 0
            var written: UInt64 = 0
            let code = punctual_child_usage(child, &cpu, &read, &written)
            guard code == 0 else { throw Win32Error(operation: "QueryInformationJobObject", code: code) }
            return WindowsRunRules.usage(cpuTime100ns: cpu, readBytes: read, writeBytes: written)
        }

        /// Ends every process of the child's Job.
        func killTree() { _ = punctual_child_terminate(child, WindowsRunRules.jobEndedExitCode) }

        /// Blocks until the child has ended, and reads how.
        func waitForExit() -> ChildExit {
            var code: UInt32 = 0
            let result = punctual_child_wait(child, UInt32.max, &code)
            return result == 0 ? WindowsRunRules.childExit(code: code) : .lost
        }
    }
#endif
