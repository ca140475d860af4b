import ArgumentParser
import Glibc
import Logging
import PunctualCore
import PunctualRuntime
import PunctualSystem
import PunctualSystemd

/// `punctual demo`: a slow-starting app wrapped by punctual, start to stop, in a few seconds.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Watch punctual wrap a slow-starting app: progress, truthful readiness, a stop on time.",
        discussion: """
            Starts a bundled app whose initialisation takes --init-seconds before it opens its port, \
            wrapped as: punctual run --ready tcp:127.0.0.1:PORT --startup-budget 60s \
            --progress-timeout 5s -- APP. Once it is ready the demo asks it to stop, as a service \
            manager would, and shows how the stop went.
            """)

    @Option(help: "How long the app's initialisation takes, in seconds.")
    var initSeconds: Double = 6

    func run() throws {
        guard initSeconds >= 0, initSeconds <= 600 else {
            throw UsageError(
                message: "--init-seconds must be between 0 and 600", example: "punctual demo --init-seconds 6")
        }
        let systemd = SystemdEnvironment.current()
        let (console, logger) = Bootstrap.logging(systemd: systemd, level: .info)
        let port = try LoopbackPort.unused()
        let app = try Self.ownExecutable()
        let configuration = RunConfiguration(
            command: [app, "demo-app", "--port", "\(port)", "--init-seconds", "\(initSeconds)", "--stop-seconds", "1"],
            engine: EngineConfiguration(
                startupBudget: .seconds(60), progressTimeout: .seconds(5), stopTimeout: .seconds(5),
                probes: [.tcp(Endpoint(host: "127.0.0.1", port: port))]))
        let wrapped = "punctual run --ready tcp:127.0.0.1:\(port) --startup-budget 60s --progress-timeout 5s -- app"
        logger.notice(
            "demo: an app that needs \(Duration.seconds(initSeconds).humanReadable) to initialise, run as '\(wrapped)'")
        let session = RunSession(configuration: configuration, console: console, logger: logger, systemd: systemd)
        try Self.stopWhenReady(session, after: .seconds(2), giveUpAfter: .seconds(initSeconds + 70))
        let outcome = session.run()
        let readiness = outcome.readyAfter.map { "was ready after \($0.humanReadable)" } ?? "never became ready"
        let heartbeats = "\(outcome.heartbeatsSent) heartbeats kept a manager's deadline moving"
        logger.notice("demo: the app \(readiness); \(heartbeats); punctual exited \(outcome.exitCode)")
        throw ArgumentParser.ExitCode(outcome.exitCode)
    }

    /// Sends this process SIGTERM, as a service manager stopping the service would, `delay` after the app is ready.
    private static func stopWhenReady(_ session: RunSession, after delay: Duration, giveUpAfter limit: Duration) throws
    {
        try OSThread.start(name: "demo-stopper") {
            let giveUp = ContinuousClock.now + limit
            while session.phase != .ready {
                if session.phase.isFinished || ContinuousClock.now > giveUp { return }
                var pause = timespec(tv_sec: 0, tv_nsec: 50_000_000)
                nanosleep(&pause, nil)
            }
            var pause = timespec(tv_sec: Int(delay.components.seconds), tv_nsec: 0)
            nanosleep(&pause, nil)
            kill(getpid(), SIGTERM)
        }
    }

    private static func ownExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { throw SystemError("readlink /proc/self/exe") }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
