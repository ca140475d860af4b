import Glibc
import PunctualSystem

/// The processes under a root, read from /proc.
public enum ProcessTree {
    /// What the tree has used so far; a change between two samples is evidence of progress.
    public struct Usage: Equatable, Sendable {
        /// User plus system CPU time, in clock ticks.
        public var cpuTicks: Int64 = 0
        /// Bytes read and written through system calls (`rchar` + `wchar`).
        public var ioBytes: Int64 = 0
        public var processes = 0
    }

    /// The parent of `pid` and the fields after its name in /proc/PID/stat.
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let bytes = FileDescriptorIO.readFile("/proc/\(pid)/stat", limit: 4096) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    /// The parent pid of `pid`, or nil when it is gone.
    public static func parent(of pid: Int32) -> Int32? {
        statFields(pid).flatMap { $0.count > 1 ? Int32($0[1]) : nil }
    }

    /// Whether `pid` is `root` or one of its descendants.
    public static func contains(_ pid: Int32, under root: Int32) -> Bool {
        var current = pid
        for _ in 0..<64 {
            if current == root { return true }
            guard current > 1, let parent = parent(of: current) else { return false }
            current = parent
        }
        return false
    }

    /// The pids of every descendant of `root`, not including it.
    public static func descendants(of root: Int32) -> [Int32] {
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

    /// The summed CPU time and I/O of every descendant of `root`.
    public static func usage(under root: Int32) -> Usage {
        var usage = Usage()
        for pid in descendants(of: root) {
            usage.processes += 1
            if let fields = statFields(pid), fields.count > 12 {
                usage.cpuTicks += (Int64(fields[11]) ?? 0) + (Int64(fields[12]) ?? 0)
            }
            if let bytes = FileDescriptorIO.readFile("/proc/\(pid)/io", limit: 4096) {
                for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                where line.hasPrefix("rchar:") || line.hasPrefix("wchar:") {
                    usage.ioBytes += Int64(line.split(separator: " ").last ?? "") ?? 0
                }
            }
        }
        return usage
    }
}
