#if !os(Windows)
    import Glibc

    /// The default name of an instance in a registry.
    package enum HostName {
        /// `hostname-pid`: unique on a machine, and telling which machine in a cluster.
        package static func withProcess() -> String {
            var buffer = [CChar](repeating: 0, count: 256)
            let name =
                gethostname(&buffer, buffer.count - 1) == 0
                ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "localhost"
            return "\(name.isEmpty ? "localhost" : name)-\(getpid())"
        }
    }
#endif
