import Logging
import PunctualSupervisor

extension LogFileSink {
    /// Says what happens to the file through punctual's log: lost lines as warnings, the rest as notices.
    func reportNotices(to logger: Logger) {
        reportNotices { notice in
            logger.log(level: notice.isWarning ? .warning : .notice, "\(notice)")
        }
    }
}
