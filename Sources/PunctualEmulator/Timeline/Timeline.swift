import PunctualCore

/// One thing that happened in a simulated run, as a person debugging it wants to read it.
package struct TimelineEntry: Sendable, Equatable {
    /// What kind of thing it was; the SVG draws each kind its own way.
    package enum Kind: String, Sendable, Equatable {
        /// The service reported its state (a status, a checkpoint, READY=1).
        case status
        /// The service kept its deadline moving (EXTEND_TIMEOUT_USEC, a new checkpoint).
        case heartbeat
        /// The manager's verdict on the service's readiness: ready, running.
        case ready
        /// A control or a stop request from the manager or the user.
        case control
        /// A signal or a kill sent to the service's processes.
        case signal
        /// A probe's answer (Kubernetes).
        case probe
        /// An error or event ID the manager would log.
        case error
        /// Anything else worth knowing.
        case note
    }

    /// Time since the process was started.
    package var at: Duration
    /// Who speaks: the manager (`scm`, `systemd`, `kubelet`) or the `service`.
    package var source: String
    package var kind: Kind
    package var text: String
    /// The manager's deadline after this entry, as time since the start; nil when none runs.
    package var deadline: Duration?

    package init(at: Duration, source: String, kind: Kind, text: String, deadline: Duration? = nil) {
        self.at = at
        self.source = source
        self.kind = kind
        self.text = text
        self.deadline = deadline
    }
}

/// What a real manager would have concluded, and what to change.
package struct Verdict: Sendable, Equatable {
    /// Whether the service reached running or ready (and, when asked, stopped cleanly).
    package var succeeded: Bool
    /// One sentence: "fails with 1053 at 30.0s: the process never connected".
    package var headline: String
    /// The error code, result or reason a real manager would give: `1053`, `timeout`, `CrashLoopBackOff`.
    package var code: String?
    /// Event IDs a Windows event log would hold.
    package var events: [String]
    /// What to change; names punctual's flags where they are the fix.
    package var fix: String?

    package init(succeeded: Bool, headline: String, code: String? = nil, events: [String] = [], fix: String? = nil) {
        self.succeeded = succeeded
        self.headline = headline
        self.code = code
        self.events = events
        self.fix = fix
    }
}
