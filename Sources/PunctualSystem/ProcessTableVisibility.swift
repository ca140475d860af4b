#if !os(Windows)
    /// Whether other users of this machine can read a process's command line.
    package enum ProcessTableVisibility {
        /// True unless `/proc` is mounted with `hidepid` (then only a process's own user, and root, see it).
        package static func commandLinesVisibleToOthers() -> Bool {
            guard let bytes = FileDescriptorIO.readFile("/proc/self/mountinfo", limit: 1 << 20) else { return true }
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count > 5, fields[4] == "/proc" else { continue }
                return !line.contains("hidepid=1") && !line.contains("hidepid=2") && !line.contains("hidepid=invisible")
                    && !line.contains("hidepid=noaccess")
            }
            return true
        }
    }
#endif
