/// An answer the health server gives: status, content type, body.
struct HTTPAnswer: Sendable {
    let status: Int
    let contentType: String
    let body: [UInt8]

    /// A plain-text answer.
    static func text(_ status: Int, _ text: String) -> HTTPAnswer {
        HTTPAnswer(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
    }
}
