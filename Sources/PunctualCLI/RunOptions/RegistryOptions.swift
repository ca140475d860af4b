import ArgumentParser
import PunctualCore
import PunctualRuntime

/// `punctual run`'s options for telling the lifecycle to a registry: etcd, or a hook of the user's.
struct RegistryOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Publish the state (STARTING, RUNNING, UNHEALTHY, STOPPING) under PREFIX/INSTANCE in etcd, under a lease.",
            valueName: "etcd://host:port[,host:port…]/prefix"))
    var registry: String?

    @Option(
        help: ArgumentHelp("The instance's name under the prefix (default: hostname-pid).", valueName: "name"))
    var instanceId: String?

    @Option(
        help: ArgumentHelp(
            "The lease's time to live: a key outlives a killed punctual or a hung start by at most this.",
            valueName: "duration"))
    var registryTtl = Defaults.registryTTL.humanReadable

    @Option(
        help: ArgumentHelp(
            "Where clients reach this instance, put in the registry's value and $PUNCTUAL_ADDRESS.",
            valueName: "host:port"))
    var address: String?

    @Option(
        help: ArgumentHelp(
            "Run exec:COMMAND at each state, with $PUNCTUAL_STATE, $PUNCTUAL_PHASE, $PUNCTUAL_INSTANCE.",
            valueName: "exec:command"))
    var onState: String?

    @Option(help: ArgumentHelp("How long one run of the --on-state command may take.", valueName: "duration"))
    var onStateTimeout = Defaults.hookTimeout.humanReadable

    /// Windows has neither yet: a run or install there refuses them with this.
    static let notOnWindows = UsageError(
        message: "--registry and --on-state are not available on Windows yet",
        example: "punctual run --ready tcp:127.0.0.1:8080 -- api.exe")

    /// The settings, checked; nil when nothing is published.
    func publication(hostName: () -> String) throws(UsageError) -> Publication? {
        let ttl = try OptionParsing.duration(registryTtl, flag: "--registry-ttl", example: "10s")
        guard ttl >= .seconds(2) else {
            throw UsageError(
                message: "--registry-ttl \(registryTtl) is shorter than etcd's shortest lease, 2s",
                example: "--registry-ttl 10s")
        }
        let hookTimeout = try OptionParsing.duration(onStateTimeout, flag: "--on-state-timeout", example: "5s")
        if let instanceId, instanceId.isEmpty || instanceId.contains("/") {
            throw UsageError(
                message: "--instance-id '\(instanceId)' must be a name without '/'", example: "--instance-id api-1")
        }
        if let address, address.isEmpty {
            throw UsageError(message: "--address is empty", example: "--address 10.0.0.7:8080")
        }
        let target: RegistryTarget?
        do {
            target = try registry.map { text throws(RegistryTarget.Failure) in try RegistryTarget.parse(text) }
        } catch {
            throw UsageError(message: "--registry '\(error.text)': \(error.reason)", example: error.example)
        }
        let hook: String?
        if let onState {
            guard onState.hasPrefix("exec:"), onState.count > 5 else {
                throw UsageError(
                    message: "--on-state '\(onState)' is not a hook: give exec:COMMAND, run by /bin/sh -c",
                    example: "--on-state 'exec:/usr/local/bin/register-api'")
            }
            hook = String(onState.dropFirst(5))
        } else {
            hook = nil
        }
        guard target != nil || hook != nil else {
            if instanceId != nil || address != nil {
                throw UsageError(
                    message: "--instance-id and --address name what --registry or --on-state publishes; give one",
                    example: "--registry etcd://127.0.0.1:2379/services/api --address 10.0.0.7:8080")
            }
            return nil
        }
        return Publication(
            instance: instanceId ?? hostName(), address: address, registry: target, ttl: ttl, hook: hook,
            hookTimeout: hookTimeout)
    }
}
