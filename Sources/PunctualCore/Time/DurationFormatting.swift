extension Duration {
    /// A short human form: `250ms`, `12.3s`, `5m`, `1m30s`, `2h5m`.
    package var humanReadable: String {
        let totalMilliseconds = milliseconds
        if totalMilliseconds < 0 { return "-" + Duration.milliseconds(-totalMilliseconds).humanReadable }
        if totalMilliseconds < 1000 { return "\(totalMilliseconds)ms" }
        if totalMilliseconds < 60_000 {
            let tenths = (totalMilliseconds + 50) / 100
            return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
        }
        let totalSeconds = (totalMilliseconds + 500) / 1000
        let hours = totalSeconds / 3600
        let minutes = (totalSeconds % 3600) / 60
        let seconds = totalSeconds % 60
        if hours > 0 { return minutes == 0 ? "\(hours)h" : "\(hours)h\(minutes)m" }
        return seconds == 0 ? "\(minutes)m" : "\(minutes)m\(seconds)s"
    }
}
