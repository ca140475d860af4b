/// The liveness checks a service registered and how each last went.
public struct LivenessChecks: Sendable, Equatable {
    /// Each check's name and, while it fails, why (nil: passing, or not run yet).
    public private(set) var checks: [(name: String, failure: String?)]

    public init(names: [String]) { checks = names.map { ($0, nil) } }

    /// Whether every check passes.
    public var allPassing: Bool { checks.allSatisfy { $0.failure == nil } }

    /// The checks failing now, with their reasons.
    public var failing: [(name: String, failure: String)] {
        checks.compactMap { check in check.failure.map { (check.name, $0) } }
    }

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

    public static func == (lhs: LivenessChecks, rhs: LivenessChecks) -> Bool {
        lhs.checks.elementsEqual(rhs.checks) { $0.name == $1.name && $0.failure == $1.failure }
    }
}
