/// The liveness checks a service registered and how each last went.
package struct LivenessChecks: Sendable {
    /// One check's last outcome.
    package struct Check: Sendable, Equatable {
        /// The name `/livez?verbose` shows.
        package let name: String
        /// Why it failed last time; nil while it passes (or has not run yet).
        package var failure: String?
        /// How many times in a row it has failed, 0 once it passes.
        package var consecutiveFailures: Int
        /// How many times it has failed in all.
        package var totalFailures: Int
    }

    /// Every check, in the order registered.
    package private(set) var checks: [Check]

    /// The checks named, none run yet.
    package init(names: [String]) {
        checks = names.map { Check(name: $0, failure: nil, consecutiveFailures: 0, totalFailures: 0) }
    }

    /// Whether every check passes.
    package var allPassing: Bool { checks.allSatisfy { $0.failure == nil } }

    /// The check named `name`, if registered.
    package subscript(name: String) -> Check? { checks.first { $0.name == name } }

    /// Records a result; returns true when the check went from passing to failing or back. A check not
    /// registered is added.
    @discardableResult
    package mutating func record(_ name: String, failure: String?) -> Bool {
        guard let index = checks.firstIndex(where: { $0.name == name }) else {
            let failures = failure == nil ? 0 : 1
            checks.append(Check(name: name, failure: failure, consecutiveFailures: failures, totalFailures: failures))
            return failure != nil
        }
        let changed = (checks[index].failure == nil) != (failure == nil)
        checks[index].failure = failure
        checks[index].consecutiveFailures = failure == nil ? 0 : checks[index].consecutiveFailures + 1
        if failure != nil { checks[index].totalFailures += 1 }
        return changed
    }
}
