#if !os(Windows)
    import Glibc

    /// A failed system call: which one, and the errno it left.
    package struct SystemError: Error, CustomStringConvertible, Sendable {
        package let call: String
        package let code: Int32

        package init(_ call: String, code: Int32 = errno) {
            self.call = call
            self.code = code
        }

        /// The C library's words for the errno, such as "No such file or directory".
        package var reason: String { String(cString: strerror(code)) }

        package var description: String { "\(call): \(reason)" }
    }
#endif
