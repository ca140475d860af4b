#if os(Windows)
    /// A Win32 call that failed, with GetLastError's code.
    public struct Win32Error: Error, CustomStringConvertible {
        /// What was being done.
        public let operation: String
        /// The Win32 error code.
        public let code: UInt32

        public init(operation: String, code: UInt32) {
            self.operation = operation
            self.code = code
        }

        public var description: String { "\(operation) failed with Win32 error \(code)" }

        /// Throws when `code` is not 0.
        public static func check(_ code: UInt32, _ operation: @autoclosure () -> String) throws(Win32Error) {
            if code != 0 { throw Win32Error(operation: operation(), code: code) }
        }
    }
#endif
