#if !os(Windows)
    import ArgumentParser
    import Glibc
    import PunctualCore
    import PunctualSCM
    import PunctualSystem
    import PunctualSystemd

    /// A stand-in for a slow-starting server: the child of `punctual demo` and of the end-to-end tests.
    struct DemoAppCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo-app",
            abstract: "A server that takes a while to initialise and to stop (used by the demo and the tests).",
            shouldDisplay: false)

        @Option(help: "The TCP port to listen on, on 127.0.0.1, once initialised.")
        var port: UInt16 = 8080

        @Option(help: "How long initialisation takes, in seconds.")
        var initSeconds: Double = 6

        @Option(help: "How long a graceful stop takes, in seconds.")
        var stopSeconds: Double = 1

        @Flag(help: "Send READY=1 to $NOTIFY_SOCKET once listening.")
        var notify = false

        @Flag(help: "Ignore SIGTERM, as a misbehaving server does.")
        var ignoreTerm = false

        @Flag(help: "With --notify: send WATCHDOG=1 at half of $WATCHDOG_USEC while answering.")
        var watchdog = false

        @Option(help: "Seconds after listening when it deadlocks: the port stays open, nothing answers, no pings.")
        var hangAfter: Double?

        @Flag(help: "Print nothing while initialising, as a large database load does.")
        var quiet = false

        @Flag(
            help:
                "Be a naive Windows service: connect to the (emulated) SCM only once initialised, then report RUNNING.")
        var scm = false

        func run() throws {
            let signals = try SignalChannel([.terminate, .interrupt])
            say("starting; initialisation takes \(Duration.seconds(initSeconds).humanReadable)")
            let start = ContinuousClock.now
            let steps = max(1, Int(initSeconds.rounded(.up)))
            for step in 1...steps {
                let due = start + .seconds(initSeconds * Double(step) / Double(steps))
                if waitForStop(signals, until: due) { return stop() }
                if !quiet { say("loading data \(step)/\(steps)") }
            }
            let listener: Int32
            if SystemdEnvironment.current().passedSockets > 0 {
                listener = 3
                say("serving on the socket systemd passed (descriptor 3)")
            } else {
                listener = try ListeningSocket(Endpoint(host: "127.0.0.1", port: port), backlog: 64).fd
                say("listening on 127.0.0.1:\(port)")
            }
            if scm, let socket = environmentValue(SCMEmulatorEnvironment.socket) {
                let connection = EmulatedSCMConnection(socketPath: socket)
                try connection.connect(serviceName: environmentValue(SCMEmulatorEnvironment.serviceName) ?? "demo") {
                    control in
                    if control == .stop { kill(getpid(), SIGTERM) }
                    return control == .stop || control == .interrogate
                }
                try connection.setStatus(ServiceStatus(state: .running, controlsAccepted: .stop))
            }
            let systemd = SystemdEnvironment.current()
            let sender = try systemd.notifySocket.map { try NotifySender(address: try NotifySocketAddress($0)) }
            if notify { try sender?.send(NotifyMessage([.init("READY", "1")])) }
            let pingEvery = watchdog ? systemd.watchdogInterval?.divided(by: 2) : nil
            if watchdog {
                let own = environmentValue("WATCHDOG_PID") == String(getpid())
                say(
                    "watchdog: \(systemd.watchdogInterval?.humanReadable ?? "none"), WATCHDOG_PID \(own ? "is" : "is not") mine"
                )
            }
            let hangAt = hangAfter.map { ContinuousClock.now + .seconds($0) }
            var nextPing = ContinuousClock.now
            while true {
                let hung = hangAt.map { ContinuousClock.now >= $0 } ?? false
                if let pingEvery, !hung, ContinuousClock.now >= nextPing {
                    try? sender?.send(NotifyMessage([.init("WATCHDOG", "1")]))
                    nextPing = ContinuousClock.now + pingEvery
                }
                var wakeAt = pingEvery == nil || hung ? nil : nextPing
                if let hangAt, !hung { wakeAt = min(wakeAt ?? hangAt, hangAt) }
                let readable = Poller.waitReadable(
                    hung ? [signals.fd] : [signals.fd, listener], timeout: wakeAt.map { $0 - ContinuousClock.now })
                if readable.contains(signals.fd), waitForStop(signals, until: .now) { return stop() }
                if readable.contains(listener) { answer(listener) }
                if !hung, let hangAt, ContinuousClock.now >= hangAt { say("deadlocked: nothing answers from now on") }
            }
        }

        /// True when a stop signal arrived before `deadline` (and is not to be ignored).
        private func waitForStop(_ signals: SignalChannel, until deadline: ContinuousClock.Instant) -> Bool {
            while true {
                let remaining = deadline - ContinuousClock.now
                if Poller.waitReadable([signals.fd], timeout: max(.zero, remaining)).isEmpty { return false }
                while let signal = signals.next() {
                    if ignoreTerm && signal == .terminate {
                        say("ignoring \(signal)")
                    } else {
                        say("\(signal) received")
                        return true
                    }
                }
            }
        }

        private func stop() {
            say("stopping; this takes \(Duration.seconds(stopSeconds).humanReadable)")
            var pause = timespec(
                tv_sec: Int(stopSeconds), tv_nsec: Int((stopSeconds - stopSeconds.rounded(.down)) * 1e9))
            nanosleep(&pause, nil)
            say("stopped cleanly")
        }

        private func answer(_ listener: Int32) {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            FileDescriptorIO.writeAll(
                connection, "HTTP/1.0 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
            close(connection)
        }

        private func say(_ text: String) {
            FileDescriptorIO.writeAll(1, "demo-app: \(text)\n")
        }
    }
#endif
