import ArgumentParser
import PunctualCore

/// `punctual run`'s options for the health endpoints.
struct HealthOptions: ParsableArguments {
    @Option(
        name: .customLong("health-port"),
        help: ArgumentHelp("Serve /livez, /readyz, /startupz and /metrics on this port.", valueName: "port"))
    var port: Int?

    @Option(
        name: .customLong("health-host"),
        help: ArgumentHelp(
            "The address the health endpoints listen on (0.0.0.0 for a pod's probes).", valueName: "address"))
    var host = "127.0.0.1"

    /// The endpoints are Linux's for now: a Windows run or install refuses them with this.
    static let notOnWindows = UsageError(
        message: "--health-port is not available on Windows yet; probe the program itself",
        example: RunCommand.example)

    /// Where to listen, checked; nil without --health-port.
    func endpoint() throws(UsageError) -> Endpoint? {
        guard let port else { return nil }
        guard (1...65535).contains(port) else {
            throw UsageError(
                message: "--health-port \(port) is not a TCP port (1 to 65535)", example: "--health-port 8081")
        }
        guard !host.isEmpty else {
            throw UsageError(message: "--health-host is empty", example: "--health-host 0.0.0.0")
        }
        return Endpoint(host: host, port: UInt16(port))
    }
}
