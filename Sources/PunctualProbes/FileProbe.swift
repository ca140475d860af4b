#if !os(Windows)
    import Glibc
    import PunctualCore

    /// Passes when the path exists.
    public struct FileProbe: PolledProbe {
        public let path: String

        public init(path: String) { self.path = path }

        public func check(timeout: Duration) -> ProbeResult {
            access(path, F_OK) == 0
                ? ProbeResult(passed: true, detail: "exists") : ProbeResult(passed: false, detail: "missing")
        }
    }
#endif
