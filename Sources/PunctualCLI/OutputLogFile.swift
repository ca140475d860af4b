import PunctualSupervisor

#if canImport(Glibc)
    import Glibc
#elseif canImport(ucrt)
    import ucrt
#endif

/// The child's `--log-file`.
enum OutputLogFile {
    /// `path` opened for appending, rotated as `rotation` says; a file that cannot be opened is the user's mistake.
    static func open(_ path: String, rotation: (maxBytes: UInt64, keep: UInt32)) throws(UsageError) -> LogFileSink {
        do {
            return try LogFileSink(path: path, maxBytes: rotation.maxBytes, keep: rotation.keep)
        } catch {
            throw UsageError(
                message: "cannot open --log-file '\(path)': \(String(cString: strerror(error.code)))",
                example: "--log-file /var/log/app/output.log")
        }
    }
}
