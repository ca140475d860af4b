/// What a simulated run produced: the manager, its settings, the timeline and the verdict.
package struct SimulationReport: Sendable {
    /// `scm`, `systemd` or `kubernetes`.
    package var manager: String
    /// The settings in force, as `name=value` pairs in the manager's own words.
    package var settings: [(name: String, value: String)]
    package var command: [String]
    package var timeline: [TimelineEntry]
    package var verdict: Verdict
    /// How long the simulation ran, start to end.
    package var duration: Duration

    package init(
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
