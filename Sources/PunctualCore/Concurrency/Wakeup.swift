/// A flag one thread raises and another sleeps on: an eventfd on Linux, an event object on Windows.
package protocol Wakeup: Sendable {
    /// Raises the flag: a sleeper wakes at once, and the next sleep returns at once.
    func wake()
    /// Sleeps until the flag is raised or `timeout` passes (nil: no limit), and lowers it. True when woken.
    @discardableResult
    func sleep(_ timeout: Duration?) -> Bool
    /// Lowers the flag without sleeping.
    func drain()
}

/// Starts `body` on a new thread of the system's called `name`; throws when the system cannot.
package typealias ThreadStarter = @Sendable (_ name: String, _ body: @escaping @Sendable () -> Void) throws -> Void
