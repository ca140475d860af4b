#if os(Windows)
    import CPunctualWindows

    /// Small files and environment variables on Windows: a probe's password, a service file.
    package enum SystemFiles {
        package static func read(_ path: String, limit: Int) -> [UInt8]? {
            var bytes = [UInt8](repeating: 0, count: limit)
            var count = 0
            guard punctual_read_file(Array(path.utf16) + [0], &bytes, bytes.count, &count) == 0 else { return nil }
            return Array(bytes.prefix(count))
        }

        package static func environmentValue(_ name: String) -> String? {
            var value = [UInt16](repeating: 0, count: 4096)
            guard punctual_environment_value(Array(name.utf16) + [0], &value, UInt32(value.count)) == 0 else {
                return nil
            }
            return String(decoding: value.prefix { $0 != 0 }, as: UTF16.self)
        }
    }
#endif
