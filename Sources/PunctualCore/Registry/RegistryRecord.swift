/// The value punctual keeps under an instance's key: where the lifecycle is, since when, and what
/// a client needs to reach the instance.
package struct RegistryRecord: Equatable, Sendable {
    /// The lifecycle as a registry tells it; discovery routes only to `running`.
    package enum State: String, Sendable {
        case starting = "STARTING"
        case running = "RUNNING"
        case unhealthy = "UNHEALTHY"
        case stopping = "STOPPING"
    }

    package var state: State
    /// When the state began, in seconds since 1970.
    package var since: Int64
    /// The phase under way (the library's phases), if any.
    package var phase: String?
    /// Where clients reach the instance (`10.0.0.7:8080`), if given.
    package var address: String?
    /// What the start has shown so far (`tcp:127.0.0.1:8080 (connection refused)`), while starting.
    package var progress: String?

    package init(
        state: State, since: Int64, phase: String? = nil, address: String? = nil, progress: String? = nil
    ) {
        self.state = state
        self.since = since
        self.phase = phase
        self.address = address
        self.progress = progress
    }

    /// The JSON value, keys in a fixed order, absent ones left out.
    package var json: String {
        var fields = ["\"state\":\(JSONText.quoted(state.rawValue))", "\"since\":\(since)"]
        if let phase { fields.append("\"phase\":\(JSONText.quoted(phase))") }
        if let address { fields.append("\"address\":\(JSONText.quoted(address))") }
        if let progress { fields.append("\"progress\":\(JSONText.quoted(progress))") }
        return "{\(fields.joined(separator: ","))}"
    }
}
