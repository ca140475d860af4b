#if !os(Windows)
    import Glibc
    import PunctualCore

    /// Passes when the path exists.
    package struct FileProbe: PolledProbe {
        package let path: String

        package init(path: String) { self.path = path }

        package func check(timeout: Duration) -> ProbeResult {
            access(path, F_OK) == 0
                ? ProbeResult(passed: true, detail: "exists") : ProbeResult(passed: false, detail: "missing")
        }
    }
#endif
