#if !os(Windows)
    import PunctualSystem

    /// Where a probe's password comes from on Linux: a file or this process's environment.
    enum SystemSecrets {
        static func fileBytes(_ path: String, limit: Int) -> [UInt8]? {
            FileDescriptorIO.readFile(path, limit: limit)
        }

        static func environmentValue(_ name: String) -> String? {
            PunctualSystem.environmentValue(name)
        }
    }
#endif
