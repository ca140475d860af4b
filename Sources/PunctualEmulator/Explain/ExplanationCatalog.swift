/// Every code, event and result `punctual explain` knows.
public enum ExplanationCatalog {
    public static let all: [Explanation] = WindowsExplanations.all + LinuxExplanations.all

    /// The explanation `query` names, if any.
    public static func lookup(_ query: String) -> Explanation? {
        all.first { $0.matches(query) }
    }
}
