#if os(Windows)
    /// NUL-terminated UTF-16 copies of Swift strings for the glue's `const wchar_t *` parameters, alive
    /// as long as this object.
    package final class WideStrings {
        private var buffers: [UnsafeMutablePointer<UInt16>] = []

        package init() {}

        deinit { for buffer in buffers { buffer.deallocate() } }

        /// `text` as a wide string, or nil.
        package func make(_ text: String?) -> UnsafePointer<UInt16>? {
            guard let text else { return nil }
            return store(Array(text.utf16) + [0])
        }

        /// `items`, each NUL-terminated, the list ending with another NUL; nil when empty.
        package func list(_ items: [String]) -> UnsafePointer<UInt16>? {
            items.isEmpty ? nil : store(items.flatMap { Array($0.utf16) + [0] } + [0])
        }

        private func store(_ units: [UInt16]) -> UnsafePointer<UInt16> {
            let buffer = UnsafeMutablePointer<UInt16>.allocate(capacity: units.count)
            buffer.initialize(from: units, count: units.count)
            buffers.append(buffer)
            return UnsafePointer(buffer)
        }
    }
#endif
