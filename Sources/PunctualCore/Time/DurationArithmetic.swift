extension Duration {
    /// The duration in whole nanoseconds, saturating at the bounds of `Int64`.
    package var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }

    /// The duration in whole microseconds, the unit of `EXTEND_TIMEOUT_USEC` and `WATCHDOG_USEC`.
    package var microseconds: Int64 { nanoseconds / 1000 }

    /// The duration in whole milliseconds.
    package var milliseconds: Int64 { nanoseconds / 1_000_000 }

    /// The duration in seconds as a floating-point number.
    package var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// `self` divided into `parts` equal parts.
    package func divided(by parts: Int) -> Duration {
        .nanoseconds(nanoseconds / Int64(parts))
    }
}
