/// What a simulated run produced: the manager, its settings, the timeline and the verdict.
public struct SimulationReport: Sendable {
    /// `scm`, `systemd` or `kubernetes`.
    public var manager: String
    /// The settings in force, as `name=value` pairs in the manager's own words.
    public var settings: [(name: String, value: String)]
    public var command: [String]
    public var timeline: [TimelineEntry]
    public var verdict: Verdict
    /// How long the simulation ran, start to end.
    public var duration: Duration

    public init(
        manager: String, settings: [(name: String, value: String)], command: [String], timeline: [TimelineEntry],
        verdict: Verdict, duration: Duration
    ) {
        self.manager = manager
        self.settings = settings
        self.command = command
        self.timeline = timeline
        self.verdict = verdict
        self.duration = duration
    }
}
