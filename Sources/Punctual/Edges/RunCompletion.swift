import Synchronization

/// Hands the exit code from punctual's control thread to the `run()` that awaits it.
final class RunCompletion: Sendable {
    private let state = Mutex<(code: Int32?, waiter: CheckedContinuation<Int32, Never>?, delivered: Bool)>(
        (nil, nil, false))

    /// Called once, from the control thread.
    func finish(_ code: Int32) {
        let waiter = state.withLock { state in
            state.code = code
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: code)
    }

    /// Whether `run()` has its code: if not soon after ``finish(_:)``, the cooperative pool is stuck.
    var isDelivered: Bool { state.withLock { $0.delivered } }

    /// The exit code, once the run is over; returning marks it delivered.
    func value() async -> Int32 {
        let code = await withCheckedContinuation { continuation in
            let code: Int32? = state.withLock { state in
                if state.code == nil { state.waiter = continuation }
                return state.code
            }
            if let code { continuation.resume(returning: code) }
        }
        state.withLock { $0.delivered = true }
        return code
    }
}
