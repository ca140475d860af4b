#if !os(Windows)
    import Glibc

    /// Wall-clock time stamps for log lines, without Foundation.
    enum Timestamp {
        /// `2026-11-25T14:40:08.123Z`.
        static func iso8601() -> String {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            var parts = tm()
            var seconds = now.tv_sec
            gmtime_r(&seconds, &parts)
            let milliseconds = now.tv_nsec / 1_000_000
            return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
                + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(three(milliseconds))Z"
        }

        /// `14:40:08`, local time, for a person watching a terminal.
        static func clock() -> String {
            var seconds = time(nil)
            var parts = tm()
            localtime_r(&seconds, &parts)
            return "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
        }

        private static func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        private static func three(_ value: Int) -> String {
            value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)"
        }
    }
#endif
