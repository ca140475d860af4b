/// Every code, event and result `punctual explain` knows.
package enum ExplanationCatalog {
    package static let all: [Explanation] = WindowsExplanations.all + LinuxExplanations.all

    /// The explanation `query` names, if any.
    package static func lookup(_ query: String) -> Explanation? {
        all.first { $0.matches(query) }
    }
}
