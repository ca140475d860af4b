/// How a service tells the SCM it is starting.
package enum SCMStartStrategy: String, Sendable, Equatable, CaseIterable {
    /// START_PENDING with a checkpoint that moves on each heartbeat, until truly ready (the default).
    case pending
    /// RUNNING with no controls accepted until ready: Microsoft's advice for auto-start services, since
    /// it releases the SCM's service lock early. The service cannot be stopped until it is ready.
    case runningNoControls = "running-no-controls"
}
