#if !os(Windows)
    import Glibc
    import PunctualCore
    import PunctualSystem

    /// The processes under a root, read from /proc.
    package enum ProcessTree {
        /// The parent of `pid` and the fields after its name in /proc/PID/stat.
        private static func statFields(_ pid: Int32) -> [Substring]? {
            guard let bytes = FileDescriptorIO.readFile("/proc/\(pid)/stat", limit: 4096) else { return nil }
            let text = String(decoding: bytes, as: UTF8.self)
            guard let close = text.lastIndex(of: ")") else { return nil }
            return text[text.index(after: close)...].split(separator: " ")
        }

        /// The parent pid of `pid`, or nil when it is gone.
        package static func parent(of pid: Int32) -> Int32? {
            statFields(pid).flatMap { $0.count > 1 ? Int32($0[1]) : nil }
        }

        /// Whether `pid` can run: stopped (`T`, `t`) and unreaped (`Z`, `X`) processes cannot; nil when gone.
        package static func condition(of pid: Int32) -> WorkloadCondition? {
            switch statFields(pid)?.first {
            case "T", "t": .stopped
            case "Z", "X": .zombie
            case nil: nil
            default: .running
            }
        }

        /// Whether `pid` is `root` or one of its descendants.
        package static func contains(_ pid: Int32, under root: Int32) -> Bool {
            var current = pid
            for _ in 0..<64 {
                if current == root { return true }
                guard current > 1, let parent = parent(of: current) else { return false }
                current = parent
            }
            return false
        }

        /// The pids of every descendant of `root`, not including it.
        package static func descendants(of root: Int32) -> [Int32] {
            var children: [Int32: [Int32]] = [:]
            guard let directory = opendir("/proc") else { return [] }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard let pid = Int32(name), let parent = parent(of: pid) else { continue }
                children[parent, default: []].append(pid)
            }
            var result: [Int32] = []
            var queue = children[root] ?? []
            while let pid = queue.popLast(), result.count < 100_000 {
                result.append(pid)
                queue += children[pid] ?? []
            }
            return result
        }

        /// SIGKILL to every descendant of `root`, again until none is left, for at most about three seconds.
        package static func killAll(under root: Int32) {
            for _ in 0..<150 {
                let pids = descendants(of: root)
                if pids.isEmpty { return }
                for pid in pids { kill(pid, SIGKILL) }
                var pause = timespec(tv_sec: 0, tv_nsec: 20_000_000)
                nanosleep(&pause, nil)
            }
        }

        /// Clock ticks per second, the unit of the CPU times in /proc/PID/stat.
        private static let ticksPerSecond = Int64(sysconf(Int32(_SC_CLK_TCK)))

        /// The summed CPU time and storage I/O of every descendant of `root`.
        package static func usage(under root: Int32) -> ResourceUsage {
            var ticks: Int64 = 0
            var ioBytes: Int64 = 0
            for pid in descendants(of: root) {
                if let fields = statFields(pid), fields.count > 14 {
                    ticks += fields[11...14].reduce(0) { $0 + (Int64($1) ?? 0) }
                }
                if let bytes = FileDescriptorIO.readFile("/proc/\(pid)/io", limit: 4096) {
                    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                    where line.hasPrefix("read_bytes:") || line.hasPrefix("write_bytes:") {
                        ioBytes += Int64(line.split(separator: " ").last ?? "") ?? 0
                    }
                }
            }
            return ResourceUsage(
                cpuTime: .milliseconds(ticks * 1000 / max(1, ticksPerSecond)), ioBytes: ioBytes)
        }
    }
#endif
