import PunctualCore

/// Where a run tells its lifecycle besides its manager: an etcd registry (`--registry`), a hook
/// (`--on-state exec:`), or both.
package struct Publication: Sendable {
    /// The instance's name under the prefix, and in `PUNCTUAL_INSTANCE`.
    package var instance: String
    /// Where clients reach the instance (`--address`).
    package var address: String?
    package var registry: RegistryTarget?
    /// The lease's time to live (`--registry-ttl`).
    package var ttl: Duration
    /// The hook's shell command (`--on-state exec:CMD`).
    package var hook: String?
    /// How long one run of the hook may take.
    package var hookTimeout: Duration

    /// The longest a run waits at its end for the lease's revocation.
    package static let revocationWait: Duration = .seconds(3)

    /// The longest a run spends after its workload ended: the revocation, then the last hook's run.
    package var afterEnd: Duration {
        (registry == nil ? .zero : Self.revocationWait) + (hook == nil ? .zero : hookTimeout + .seconds(1))
    }

    package init(
        instance: String, address: String? = nil, registry: RegistryTarget? = nil,
        ttl: Duration = Defaults.registryTTL, hook: String? = nil, hookTimeout: Duration = Defaults.hookTimeout
    ) {
        self.instance = instance
        self.address = address
        self.registry = registry
        self.ttl = ttl
        self.hook = hook
        self.hookTimeout = hookTimeout
    }
}
