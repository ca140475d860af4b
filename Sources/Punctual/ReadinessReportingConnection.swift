import PunctualCore
import PunctualRuntime

/// Passes reports on to the manager and notices the moment the service becomes ready.
struct ReadinessReportingConnection: ManagerConnection {
    let manager: any ManagerConnection
    let onReady: @Sendable () -> Void

    func send(_ report: StatusReport) {
        manager.send(report)
        if report.state == .ready { onReady() }
    }

    func pingWatchdog() { manager.pingWatchdog() }
}
