#if !os(Windows)
    import ArgumentParser
    import Glibc
    import PunctualCore
    import PunctualEmulator
    import PunctualSimulator
    import PunctualSystem

    /// `punctual demo`: the story this project exists for, in about fifteen seconds.
    struct DemoCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "See an app fail to start under Windows' service rules, then start on time wrapped by punctual.",
            discussion: """
                A bundled app needs longer to initialise than the Windows Service Control Manager waits for \
                a service to connect (ServicesPipeTimeout). Run as its own service, under the emulated SCM, \
                it fails with error 1053 and events 7009 and 7000. Wrapped by punctual, it connects at once, \
                reports START_PENDING with moving checkpoints, reports RUNNING only when its port answers, \
                and then stops cleanly when asked. Both timelines are printed, then side by side.

                --quick (the default) scales the story down: a 4s pipe timeout and 8s of initialisation. \
                --full uses Windows' own 30s and 45s of initialisation.
                """)

        enum Scale: String, EnumerableFlag {
            case quick, full
        }

        @Flag(help: "How long the story takes.")
        var scale: Scale = .quick

        @Option(help: ArgumentHelp("Also write both timelines as one SVG picture to this file.", valueName: "file"))
        var svg: String?

        func run() throws {
            let (pipeTimeout, initialisation): (Duration, Duration) =
                scale == .quick ? (.seconds(4), .seconds(8)) : (.seconds(30), .seconds(45))
            let port = try LoopbackPort.unused()
            let app = try Self.ownExecutable()
            let appCommand = [app, "demo-app", "--port", "\(port)", "--init-seconds", "\(initialisation.seconds)"]
            let settings = SCMSettings(serviceName: "DemoApp", pipeTimeout: pipeTimeout)
            say(
                "punctual demo: an app that initialises for \(initialisation.humanReadable), under an emulated Windows SCM"
                    + " whose ServicesPipeTimeout is \(pipeTimeout.humanReadable)\(scale == .quick ? " (scaled down; --full for Windows' own)" : "")\n"
            )

            say("\n1) the app as its own Windows service: it calls StartServiceCtrlDispatcher once initialised\n")
            let bare = try SCMSimulation(settings: settings, strategy: .pending, command: appCommand + ["--scm"])
                .run(SimulationOptions(), onEntry: Self.printLine)
            say(TimelineText.footer(bare.verdict))

            let wrappedCommand =
                [app, "run", "--ready", "tcp:127.0.0.1:\(port)", "--"] + appCommand + ["--stop-seconds", "1"]
            say(
                "\n2) the same app wrapped: punctual run --ready tcp:127.0.0.1:\(port) -- app; stopped 2s after it is ready\n"
            )
            let wrapped = try SCMSimulation(settings: settings, strategy: .pending, command: wrappedCommand)
                .run(SimulationOptions(stopAfter: initialisation + .seconds(2)), onEntry: Self.printLine)
            say(TimelineText.footer(wrapped.verdict))

            say(
                "\nside by side:\n"
                    + SideBySide.render(left: ("the app alone", bare), right: ("wrapped by punctual", wrapped)))
            if let svg {
                let picture = TimelineSVG.render([bare, wrapped], titles: ["the app alone", "wrapped by punctual"])
                let fd = open(svg, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                guard fd >= 0, FileDescriptorIO.writeAll(fd, picture) else {
                    throw UsageError(
                        message: "--svg: cannot write \(svg): \(SystemError("open").reason)", example: "--svg demo.svg")
                }
                close(fd)
                say("\nthe timelines as a picture: \(svg)\n")
            }
            throw ArgumentParser.ExitCode(!bare.verdict.succeeded && wrapped.verdict.succeeded ? 0 : 1)
        }

        private func say(_ text: String) { FileDescriptorIO.writeAll(1, text) }

        private static let printLine: @Sendable (TimelineEntry) -> Void = { entry in
            FileDescriptorIO.writeAll(1, TimelineText.line(entry) + "\n")
        }

        static func ownExecutable() throws -> String {
            var buffer = [CChar](repeating: 0, count: 4096)
            let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            guard count > 0 else { throw SystemError("readlink /proc/self/exe") }
            return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
#endif
