#if !os(Windows)
    import CPunctualLinux
    import Glibc
    import PunctualCore
    import PunctualSystem
    import Synchronization

    /// The child program, started in a session of its own under a keeper process.
    ///
    /// The keeper is a subreaper: every process the child leaves behind becomes its child, and it
    /// kills them all when asked, or when punctual goes away for any reason, `kill -9` included.
    package final class SupervisedChild: Sendable {
        /// The child's pid, which is also its session and process-group id.
        package let pid: Int32
        package let keeperPID: Int32
        /// Readable when the keeper reports; see ``readExit()``.
        package let eventsFD: Int32
        /// The read ends of the child's stdout and stderr, when they are relayed rather than inherited.
        package let outputPipes: (stdout: Int32, stderr: Int32)?
        private let controlFD: Mutex<Int32>
        private let eventsOpen = Atomic(true)
        private let keeperWatch: ExitWatch

        /// Why the child could not be started.
        package struct SpawnFailure: Error, Sendable {
            package let message: String
            package let exitCode: Int32

            package init(message: String, exitCode: Int32) {
                self.message = message
                self.exitCode = exitCode
            }
        }

        /// Starts `command`; with `relayOutput` its stdout and stderr come back through pipes.
        package init(_ command: ProcessLauncher.Command, relayOutput: Bool) throws(SpawnFailure) {
            var command = command
            // The keeper has one thread, so the child dies with it: a killed keeper leaves no child behind.
            command.parentDeathSignal = Signal.kill.number
            var pipes: (out: [Int32], err: [Int32])?
            if relayOutput {
                var out: [Int32] = [-1, -1]
                var err: [Int32] = [-1, -1]
                guard cpunctual_pipe(&out) == 0 else {
                    throw SpawnFailure(
                        message: "cannot create a pipe: \(SystemError("pipe2"))", exitCode: ExitCodes.internalError)
                }
                guard cpunctual_pipe(&err) == 0 else {
                    let error = SystemError("pipe2")
                    close(out[0])
                    close(out[1])
                    throw SpawnFailure(message: "cannot create a pipe: \(error)", exitCode: ExitCodes.internalError)
                }
                command.stdout = .descriptor(out[1])
                command.stderr = .descriptor(err[1])
                pipes = (out, err)
            }
            var supervised = cpunctual_supervised()
            let result = ProcessLauncher.withSpec(command) { cpunctual_spawn_supervised($0, &supervised) }
            if let pipes {
                close(pipes.out[1])
                close(pipes.err[1])
            }
            guard result == 0 else {
                if let pipes {
                    close(pipes.out[0])
                    close(pipes.err[0])
                }
                throw SpawnFailure(
                    message: "cannot fork: \(SystemError("fork", code: result).reason)",
                    exitCode: ExitCodes.internalError)
            }
            keeperWatch = Reaper.shared.watch(supervised.keeper_pid)
            guard supervised.exec_error == 0 else {
                close(supervised.control_fd)
                close(supervised.events_fd)
                if let pipes {
                    close(pipes.out[0])
                    close(pipes.err[0])
                }
                _ = keeperWatch.wait(timeout: .seconds(5))
                let failure = ExecutableLookup.failure(forExecError: supervised.exec_error, command: command.path)
                throw SpawnFailure(message: failure.message, exitCode: failure.exitCode)
            }
            pid = supervised.child_pid
            keeperPID = supervised.keeper_pid
            eventsFD = supervised.events_fd
            controlFD = Mutex(supervised.control_fd)
            if let pipes {
                FileDescriptorIO.setNonBlocking(pipes.out[0])
                FileDescriptorIO.setNonBlocking(pipes.err[0])
                outputPipes = (pipes.out[0], pipes.err[0])
            } else {
                outputPipes = nil
            }
        }

        /// Reads the keeper's report that the child ended; nil if the descriptor held something else.
        /// At end of file (the keeper is gone) the answer is ``ChildExit/lost``.
        package func readExit() -> ChildExit? {
            var event = cpunctual_event()
            let count = read(eventsFD, &event, MemoryLayout<cpunctual_event>.size)
            if count < 0 && errno == EINTR { return nil }
            guard count == MemoryLayout<cpunctual_event>.size else { return .lost }
            return event.kind == Int32(CPUNCTUAL_EVENT_EXITED) ? ChildExit(waitStatus: event.value) : nil
        }

        /// Sends `signal` to the main process or to its process group.
        package func send(_ signal: Signal, to target: SignalTarget) {
            switch target {
            case .mainProcess:
                kill(pid, signal.number)
            case .processGroup:
                if kill(-pid, signal.number) != 0 { kill(pid, signal.number) }
            }
        }

        /// What the main process is doing: running, stopped, or ended and not yet reaped.
        package func condition() -> WorkloadCondition? { ProcessTree.condition(of: pid) }

        /// Sends `signal` to every process of the tree, wherever it moved (what systemd's KillMode=control-group does).
        package func sendToTree(_ signal: Signal) {
            for pid in ProcessTree.descendants(of: keeperPID) { kill(pid, signal.number) }
        }

        /// SIGKILL to every process of the tree, now: through the keeper, or, if the keeper is gone, to every
        /// descendant of this process (a subreaper, so the tree's orphans have become its children).
        package func killTree() {
            let delivered = controlFD.withLock { fd in
                guard fd >= 0 else { return false }
                var command = UInt8(ascii: "K")
                return write(fd, &command, 1) == 1
            }
            if !delivered { ProcessTree.killAll(under: getpid()) }
        }

        /// Lets the keeper go: it kills whatever is left of the tree and exits. Waits for it at most `timeout`.
        package func release(timeout: Duration) {
            controlFD.withLock { fd in
                if fd >= 0 { close(fd) }
                fd = -1
            }
            _ = keeperWatch.wait(timeout: timeout)
            if eventsOpen.exchange(false, ordering: .acquiringAndReleasing) { close(eventsFD) }
        }

        /// A child dropped without ``release(timeout:)`` still goes: closing the control pipe makes the
        /// keeper kill the tree and exit.
        deinit {
            controlFD.withLock { fd in if fd >= 0 { close(fd) } }
            if eventsOpen.load(ordering: .acquiring) { close(eventsFD) }
        }
    }
#endif
