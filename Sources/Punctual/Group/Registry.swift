import PunctualCore

extension PunctualServiceGroup {
    /// Where the group publishes its lifecycle for discovery: under `PREFIX/INSTANCE` in etcd, a JSON
    /// value whose `state` is `STARTING`, `RUNNING`, `UNHEALTHY` or `STOPPING`, with the phases under
    /// way as `phase` and the readiness conditions still awaited as `progress`.
    ///
    /// The key lives under a lease that only evidence of life keeps alive: progress while starting,
    /// passing liveness checks once ready. A process that dies, or a start that stops showing progress,
    /// leaves a key that expires within ``ttl`` and a second. etcd being slow or down never delays
    /// the start, the heartbeats or the stop.
    public struct Registry: Sendable {
        /// `etcd://HOST:PORT[,HOST:PORT…]/PREFIX`, or `etcds://…` with `?ca=`, `?cert=` and `?key=`; a
        /// user's password from `?password-file=` or `?password-env=`, never in the URL itself.
        public var url: String
        /// The instance's name under the prefix; nil: `hostname-pid`.
        public var instance: String?
        /// The lease's time to live, at least 2 seconds.
        public var ttl: Duration
        /// Where clients reach this instance (`10.0.0.7:8080`), put in the value.
        public var address: String?

        /// A registry at `url`.
        public init(
            _ url: String, instance: String? = nil, ttl: Duration = Defaults.registryTTL, address: String? = nil
        ) {
            self.url = url
            self.instance = instance
            self.ttl = ttl
            self.address = address
        }

        /// What is wrong with it, as one line with an example; nil when nothing is.
        var mistake: String? {
            do {
                _ = try RegistryTarget.parse(url)
            } catch {
                return
                    "the registry '\(error.text)': \(error.reason), e.g. Registry(\"etcd://127.0.0.1:2379/services/api\")"
            }
            if ttl < .seconds(2) {
                return
                    "the registry's ttl (\(ttl.humanReadable)) is shorter than etcd's shortest lease, 2s, e.g. ttl: .seconds(10)"
            }
            if let instance, instance.isEmpty || instance.contains("/") {
                return "the registry's instance '\(instance)' must be a name without '/', e.g. instance: \"api-1\""
            }
            return nil
        }
    }
}
