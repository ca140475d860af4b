import Synchronization

/// Resumes a continuation once, with whichever outcome arrives first.
final class FirstOutcome: Sendable {
    private let state = Mutex<
        (continuation: CheckedContinuation<String?, Never>?, done: Bool, after: (@Sendable () -> Void)?)
    >(
        (nil, false, nil))

    func install(_ continuation: CheckedContinuation<String?, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    /// Runs `body` once the outcome is in (at once if it already is).
    func onResume(_ body: @escaping @Sendable () -> Void) {
        let done = state.withLock { state in
            if !state.done { state.after = body }
            return state.done
        }
        if done { body() }
    }

    /// Delivers `outcome` if nothing came first; returns whether it did.
    @discardableResult
    func resume(_ outcome: String?) -> Bool {
        let taken = state.withLock { state -> (CheckedContinuation<String?, Never>, (@Sendable () -> Void)?)? in
            guard !state.done, let continuation = state.continuation else { return nil }
            state.done = true
            defer {
                state.continuation = nil
                state.after = nil
            }
            return (continuation, state.after)
        }
        guard let (continuation, after) = taken else { return false }
        continuation.resume(returning: outcome)
        after?()
        return true
    }
}
