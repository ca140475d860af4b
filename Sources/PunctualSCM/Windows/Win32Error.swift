#if os(Windows)
    /// A Win32 call that failed, with GetLastError's code.
    package struct Win32Error: Error, CustomStringConvertible {
        /// What was being done.
        package let operation: String
        /// The Win32 error code.
        package let code: UInt32

        package init(operation: String, code: UInt32) {
            self.operation = operation
            self.code = code
        }

        package var description: String { "\(operation) failed with Win32 error \(code)" }

        /// Throws when `code` is not 0.
        package static func check(_ code: UInt32, _ operation: @autoclosure () -> String) throws(Win32Error) {
            if code != 0 { throw Win32Error(operation: operation(), code: code) }
        }
    }
#endif
