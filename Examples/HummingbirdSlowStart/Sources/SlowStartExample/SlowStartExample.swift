import ArgumentParser
import Hummingbird
import Logging
import Metrics
import Prometheus
import Punctual

@main
struct SlowStartExample: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slow-start-example",
        abstract: "A Hummingbird service whose start is slow, run under Punctual.",
        discussion: """
            Loads 60% of its catalogue before it is ready and the rest in the background after, while \
            Punctual keeps the service manager's start deadline moving. Health endpoints (/livez, /readyz, \
            /startupz, /metrics) listen on the health port.

            Example: slow-start-example --port 8080 --health-port 8081 --init-seconds 10
            """)

    @Option(help: "The port the application serves.")
    var port = 8080

    @Option(help: "The port of the health endpoints.")
    var healthPort = 8081

    @Option(help: "How long the whole initialisation takes, in seconds: 60% before ready, 40% after.")
    var initSeconds = 10.0

    @Option(help: "The address both servers bind.")
    var host = "127.0.0.1"

    @Option(help: "How long /readyz fails before the graceful shutdown begins, in seconds (for load balancers).")
    var shutdownDelay = 0.0

    func validate() throws {
        guard (1...65535).contains(port), (1...65535).contains(healthPort), port != healthPort else {
            throw ValidationError(
                "--port and --health-port must be two different ports, e.g. --port 8080 --health-port 8081")
        }
        guard initSeconds >= 0, initSeconds <= 3600 else {
            throw ValidationError("--init-seconds must be between 0 and 3600, e.g. --init-seconds 10")
        }
        guard shutdownDelay >= 0, shutdownDelay < 8 else {
            throw ValidationError(
                "--shutdown-delay must be under the 8 s graceful-shutdown limit, e.g. --shutdown-delay 3")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "slow-start-example")
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let catalog = Catalog()
        let core = initSeconds * 0.6
        let group = PunctualServiceGroup(
            configuration: .init(
                gracefulShutdownLimit: .seconds(8), shutdownDelay: .seconds(shutdownDelay),
                health: HealthEndpoints(host: host, port: healthPort, metrics: registry)),
            logger: logger)
        group.phase("load catalog core", budget: .seconds(core * 2 + 5)) { progress in
            try await catalog.loadCore(taking: core, report: progress.report)
        }
        group.phase("load catalog extras", budget: .seconds(initSeconds + 5), readiness: .afterReady) { _ in
            try await catalog.loadExtras(taking: initSeconds - core)
        }
        group.livenessCheck("catalog", every: .seconds(5), timeout: .seconds(1)) { try await catalog.ping() }
        let listening = group.readinessCondition("http server")

        let router = Router()
        router.get("/") { _, _ in await catalog.summary }
        router.addReadinessRoute(group)
        group.addService(
            Application(
                router: router, configuration: .init(address: .hostname(host, port: port)),
                onServerRunning: { _ in listening.satisfy() }, logger: logger))
        let code = await group.run()
        if code != 0 { throw ExitCode(code) }
    }
}
