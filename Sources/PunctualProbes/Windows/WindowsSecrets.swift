#if os(Windows)
    import CPunctualWindows

    /// Where a probe's password comes from on Windows: a file or this process's environment.
    enum SystemSecrets {
        static func fileBytes(_ path: String, limit: Int) -> [UInt8]? {
            var bytes = [UInt8](repeating: 0, count: limit)
            var count = 0
            guard punctual_read_file(Array(path.utf16) + [0], &bytes, bytes.count, &count) == 0 else { return nil }
            return Array(bytes.prefix(count))
        }

        static func environmentValue(_ name: String) -> String? {
            var value = [UInt16](repeating: 0, count: 4096)
            guard punctual_environment_value(Array(name.utf16) + [0], &value, UInt32(value.count)) == 0 else {
                return nil
            }
            return String(decoding: value.prefix { $0 != 0 }, as: UTF16.self)
        }
    }
#endif
