/// The three health endpoints Kubernetes probes, each answering its own question.
public enum HealthEndpoint: String, Sendable {
    /// Is the process worth keeping? Failing it gets the process restarted.
    case livez
    /// Should it get traffic? Fails before the start is done and as soon as a stop begins.
    case readyz
    /// Has the start finished? Until it has, the other two are not asked.
    case startupz

    /// The endpoint a request path names (`/readyz`, `/readyz/`), if any.
    package init?(path: some StringProtocol) {
        var name = path.drop { $0 == "/" }
        while name.last == "/" { name = name.dropLast() }
        self.init(rawValue: String(name))
    }
}
