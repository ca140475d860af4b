/// The liveness checks a service registered and how each last went.
public struct LivenessChecks: Sendable {
    /// Each check's name and, while it fails, why (nil: passing, or not run yet).
    public private(set) var checks: [(name: String, failure: String?)]

    /// The checks named, none run yet.
    public init(names: [String]) { checks = names.map { ($0, nil) } }

    /// Whether every check passes.
    public var allPassing: Bool { checks.allSatisfy { $0.failure == nil } }

    /// Records a result; returns true when the check went from passing to failing or back. A check not
    /// registered is added.
    public mutating func record(_ name: String, failure: String?) -> Bool {
        guard let index = checks.firstIndex(where: { $0.name == name }) else {
            checks.append((name, failure))
            return failure != nil
        }
        let changed = (checks[index].failure == nil) != (failure == nil)
        checks[index].failure = failure
        return changed
    }
}
