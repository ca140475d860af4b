import PunctualCore
import PunctualRuntime

/// Passes reports on to the manager, records them as metrics and notices the moment the service
/// becomes ready.
struct ReportingConnection: ManagerConnection {
    let manager: any ManagerConnection
    let metrics: ServiceMetrics
    let onReady: @Sendable () -> Void

    func send(_ report: StatusReport) {
        manager.send(report)
        metrics.reported(report)
        if report.state == .ready { onReady() }
    }

    func pingWatchdog() {
        manager.pingWatchdog()
        metrics.pingedWatchdog()
    }

    func triggerWatchdog() { manager.triggerWatchdog() }
}
