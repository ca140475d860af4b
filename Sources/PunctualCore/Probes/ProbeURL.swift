/// The parts of a probe's URL (`redis://user:password@host:6379/path?key=value&flag`), split but not
/// yet judged: each probe kind says which parts it takes.
package struct ProbeURL: Sendable {
    package var user: String?
    package var password: String?
    /// `host:port`, `[::1]:port` or `host`, as written; empty when the URL names none.
    package var authority: String
    /// From the first `/` after the authority; empty when there is none.
    package var path: String
    /// The query's items in order; a bare `flag` has a nil value.
    package var query: [(key: String, value: String?)]

    /// Splits `rest`, the text after `scheme://`.
    package init(afterScheme rest: Substring) {
        var text = rest
        var queryText: Substring = ""
        if let mark = text.firstIndex(of: "?") {
            queryText = text[text.index(after: mark)...]
            text = text[..<mark]
        }
        let authorityEnd = text.firstIndex(of: "/") ?? text.endIndex
        var authority = text[..<authorityEnd]
        path = String(text[authorityEnd...])
        if let at = authority.lastIndex(of: "@") {
            let login = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = login.firstIndex(of: ":") {
                user = login[..<colon].percentDecoded()
                password = login[login.index(after: colon)...].percentDecoded()
            } else {
                user = login.percentDecoded()
            }
            if user?.isEmpty == true { user = nil }
        }
        self.authority = String(authority)
        query = queryText.split(separator: "&").map { item in
            guard let equals = item.firstIndex(of: "=") else { return (item.percentDecoded(), nil) }
            return (item[..<equals].percentDecoded(), item[item.index(after: equals)...].percentDecoded())
        }
    }

    /// The value of `key` in the query, the last if it is repeated.
    package func value(_ key: String) -> String?? {
        query.last { $0.key == key }.map(\.value)
    }

    /// The query's keys that are not in `known`.
    package func unknownKeys(_ known: Set<String>) -> [String] {
        query.map(\.key).filter { !known.contains($0) }
    }

    /// The URL as an error line may show it: a password in it replaced by `***`.
    package static func redacted(_ whole: String) -> String {
        guard let slash = whole.firstIndex(of: "/"), whole[slash...].hasPrefix("//") else { return whole }
        let start = whole.index(slash, offsetBy: 2)
        let authorityEnd = whole[start...].firstIndex { $0 == "/" || $0 == "?" } ?? whole.endIndex
        guard let at = whole[start..<authorityEnd].lastIndex(of: "@"),
            let colon = whole[start..<at].firstIndex(of: ":")
        else { return whole }
        return String(whole[..<whole.index(after: colon)]) + "***" + String(whole[at...])
    }
}
