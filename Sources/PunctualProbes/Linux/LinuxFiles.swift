#if !os(Windows)
    import PunctualSystem

    /// Small files and environment variables on Linux: a probe's password, a service file.
    package enum SystemFiles {
        package static func read(_ path: String, limit: Int) -> [UInt8]? {
            FileDescriptorIO.readFile(path, limit: limit)
        }

        package static func environmentValue(_ name: String) -> String? {
            PunctualSystem.environmentValue(name)
        }
    }
#endif
