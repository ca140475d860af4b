import PunctualCore
import Testing

@Suite("punctual install's plan and punctual status's report, decided before any Win32 call")
struct ServiceInstallPlanTests {
    @Test("the command line is punctual run with its options, then -- and the command, each argument quoted once")
    func commandLine() {
        let plan = ServiceInstallPlan(
            name: "api", executable: "C:\\Program Files\\punctual\\punctual.exe",
            runOptions: ["--ready", "log:listening on \"0.0.0.0\""], command: ["C:\\api\\api.exe", "--port", "8080"])
        #expect(
            plan.commandLine
                == "\"C:\\Program Files\\punctual\\punctual.exe\" run --ready \"log:listening on \\\"0.0.0.0\\\"\" -- C:\\api\\api.exe --port 8080"
        )
        #expect(plan.failureActionsOnNonCrash)
        #expect(plan.failureActions.map(\.description) == ["restart/5s", "restart/30s"])
    }

    @Test("accounts: the built-in ones by their SCM names, virtual as NT SERVICE\\NAME, users need a password")
    func accounts() {
        #expect(ServiceInstallPlan.account("LocalSystem", service: "api") == nil)
        #expect(ServiceInstallPlan.account("localservice", service: "api") == "NT AUTHORITY\\LocalService")
        #expect(ServiceInstallPlan.account("NetworkService", service: "api") == "NT AUTHORITY\\NetworkService")
        #expect(ServiceInstallPlan.account("virtual", service: "api") == "NT SERVICE\\api")
        #expect(ServiceInstallPlan.account(".\\svc", service: "api") == ".\\svc")
        #expect(!ServiceInstallPlan.needsPassword("NT SERVICE\\api"))
        #expect(ServiceInstallPlan.needsPassword(".\\svc"))
        #expect(!ServiceInstallPlan.needsPassword(nil))
    }

    @Test("failure actions read as kind/delay lists; anything else is refused")
    func failureActions() {
        #expect(
            ServiceInstallPlan.failureActions(from: "restart/10s,reboot/5m,run/1s,none")?.map(\.description)
                == ["restart/10s", "reboot/5m", "run/1s", "none/0ms"])
        #expect(ServiceInstallPlan.failureActions(from: "none")?.isEmpty == true)
        #expect(ServiceInstallPlan.failureActions(from: "restart/soon") == nil)
        #expect(ServiceInstallPlan.failureActions(from: "respawn/5s") == nil)
        #expect(ServiceInstallPlan.failureActions(from: "restart/5s,") == nil)
        #expect(
            ServiceInstallPlan.failureActions(from: Array(repeating: "restart/1s", count: 16).joined(separator: ","))?
                .count == 16)
        #expect(
            ServiceInstallPlan.failureActions(from: Array(repeating: "restart/1s", count: 17).joined(separator: ","))
                == nil)
    }

    @Test("service names the SCM refuses are caught first")
    func names() {
        #expect(ServiceInstallPlan.problem(withName: "api") == nil)
        #expect(ServiceInstallPlan.problem(withName: "") != nil)
        #expect(ServiceInstallPlan.problem(withName: "a/b") != nil)
        #expect(ServiceInstallPlan.problem(withName: String(repeating: "x", count: 257)) != nil)
    }

    @Test("status: state, checkpoint while pending, pid, the service-specific exit code, the configuration")
    func statusReport() {
        let status = ServiceStatus(
            state: .stopPending, controlsAccepted: [], win32ExitCode: 1066, serviceSpecificExitCode: 124, checkPoint: 3,
            waitHintMilliseconds: 5000)
        let lines = ServiceStatusReport.lines(
            status: status, processID: 4242, configuration: "start=delayed-auto\ndependencies=\n")
        #expect(
            lines == [
                "state: STOP_PENDING", "checkpoint: 3, wait hint 5s", "pid: 4242", "accepts: none",
                "exit: service-specific 124 (Win32 1066)", "start: delayed-auto", "dependencies: (none)",
            ])
    }
}
