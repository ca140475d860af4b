#if !os(Windows)
    import Glibc

    /// A NULL-terminated array of C strings that lives until `withPointers` returns.
    struct CStringArray {
        private var pointers: [UnsafeMutablePointer<CChar>?]

        init(_ strings: [String]) {
            pointers = strings.map { strdup($0) } + [nil]
        }

        func withPointers<Result>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result) -> Result {
            defer { for pointer in pointers { free(pointer) } }
            return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
        }
    }

    /// The environment of this process, as `NAME=value` strings.
    package func currentEnvironment() -> [String] {
        var result: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            result.append(String(cString: entry))
            cursor += 1
        }
        return result
    }

    /// The value of an environment variable of this process.
    package func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
#endif
