// What the type-checked files take from the rest of their targets on Windows.
import Logging
import PunctualCore

extension LogLevel {
    init(_ level: Logger.Level) { self = .notice }
}
