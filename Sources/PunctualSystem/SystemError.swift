import Glibc

/// A failed system call: which one, and the errno it left.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    public let call: String
    public let code: Int32

    public init(_ call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    /// The C library's words for the errno, such as "No such file or directory".
    public var reason: String { String(cString: strerror(code)) }

    public var description: String { "\(call): \(reason)" }
}

/// Returns the result of a call that answers -1 and sets errno on failure, retrying on EINTR.
@discardableResult
public func retryingInterrupts<Result: BinaryInteger>(_ call: String, _ body: () -> Result) throws(SystemError)
    -> Result
{
    while true {
        let result = body()
        if result >= 0 { return result }
        if errno != EINTR { throw SystemError(call) }
    }
}
