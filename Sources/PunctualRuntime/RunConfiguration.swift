import PunctualCore

/// Everything `punctual run` was asked to do.
public struct RunConfiguration: Sendable {
    /// The program and its arguments.
    public var command: [String]
    /// Limits, probes and stop settings for the engine. Its `watchdogInterval` is filled from the environment.
    public var engine: EngineConfiguration
    /// How long one attempt of a polled probe may take.
    public var probeTimeout: Duration
    /// Where the program runs; nil keeps punctual's working directory.
    public var workingDirectory: String?

    public init(
        command: [String], engine: EngineConfiguration, probeTimeout: Duration = .seconds(1),
        workingDirectory: String? = nil
    ) {
        self.command = command
        self.engine = engine
        self.probeTimeout = probeTimeout
        self.workingDirectory = workingDirectory
    }
}

/// How a run ended, and what it showed on the way.
public struct RunOutcome: Sendable {
    public var exitCode: Int32
    /// From spawn to ready; nil when the child never became ready.
    public var readyAfter: Duration?
    public var heartbeatsSent: Int
    public var watchdogPingsSent: Int
}
