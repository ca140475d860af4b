/// An answer the health endpoints give: status, content type, body.
package struct HTTPAnswer: Sendable, Equatable {
    /// The HTTP status code.
    package let status: Int
    /// The `Content-Type` header's value.
    package let contentType: String
    /// The body, sent in full unless the request was `HEAD`.
    package let body: [UInt8]

    /// An answer with this status, content type and body.
    package init(status: Int, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// A plain-text answer.
    package static func text(_ status: Int, _ text: String) -> HTTPAnswer {
        HTTPAnswer(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
    }

    /// The Prometheus text exposition format.
    package static func metrics(_ body: [UInt8]) -> HTTPAnswer {
        HTTPAnswer(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: body)
    }

    /// The reason phrase of the statuses the endpoints use.
    package var reason: String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        default: "Status"
        }
    }

    /// The whole HTTP/1.1 response: status line, headers, and the body unless `head`.
    package func serialized(keepAlive: Bool, head: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason)\r\ncontent-type: \(contentType)\r\ncontent-length: \(body.count)\r\n"
        if !keepAlive { text += "connection: close\r\n" }
        text += "\r\n"
        return Array(text.utf8) + (head ? [] : body)
    }
}
