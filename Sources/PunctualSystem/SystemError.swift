#if !os(Windows)
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
#endif
