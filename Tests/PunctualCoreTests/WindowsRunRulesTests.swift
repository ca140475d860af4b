import PunctualCore
import Testing

@Suite("punctual run on Windows: CTRL_BREAK, the Job, exit codes, what it refuses")
struct WindowsRunRulesTests {
    func windowsConfiguration(stopTimeout: Duration = .seconds(10)) throws -> EngineConfiguration {
        try WindowsRunRules.engineConfiguration(
            EngineConfiguration(stopTimeout: stopTimeout, stopSignal: nil, probes: [.log("Listening")]))
    }

    func readyHarness(_ configuration: EngineConfiguration) -> EngineHarness {
        var harness = EngineHarness(configuration)
        harness.send(.workloadStarted(pid: 4242))
        harness.probe(0, holds: true, detail: "matched")
        harness.advance(to: 100)
        return harness
    }

    @Test("the SCM's STOP asks for CTRL_BREAK; a child that dies of it has stopped cleanly: STOPPED with 0")
    func breakEndsCleanly() throws {
        var harness = readyHarness(try windowsConfiguration())
        #expect(harness.engine.phase == .ready)
        let actions = harness.send(.stopRequested(.terminate))
        #expect(actions.contains(.signal(.interrupt, .processGroup)))
        #expect(harness.facts.last == .stopRequested(by: .terminate, stopSignal: .interrupt, delay: .zero))
        harness.advance(by: 3)
        #expect(
            harness.status == .stopping(signals: [.interrupt, .terminate], since: .seconds(3), remaining: .seconds(7)))
        harness.send(.workloadEnded(.process(WindowsRunRules.childExit(code: 0xC000_013A))))
        #expect(harness.finishCode == 0)
        #expect(harness.reports.last?.state == .stopped(exitCode: 0))
        #expect(
            harness.facts.last == .ended(.process(.signaled(.interrupt)), .onStopSignal(.interrupt, after: .seconds(3)))
        )
    }

    @Test("a child that ignores CTRL_BREAK: its Job is ended when the grace runs out, and the exit is 137")
    func jobEndedAfterGrace() throws {
        var harness = readyHarness(try windowsConfiguration(stopTimeout: .seconds(10)))
        harness.send(.stopRequested(.terminate))
        harness.advance(to: 114)
        #expect(harness.times(of: .killTree) == [110])
        #expect(harness.facts.contains(.killingAfterStopTimeout))
        harness.send(.workloadEnded(.process(WindowsRunRules.childExit(code: WindowsRunRules.jobEndedExitCode))))
        #expect(harness.finishCode == 137)
        #expect(harness.facts.last == .ended(.process(.signaled(.kill)), .killedAfterStopTimeout))
    }

    @Test("exit codes as the engine reads them: the child's own, a crash's NTSTATUS kept bit for bit")
    func exitCodes() {
        #expect(WindowsRunRules.childExit(code: 0) == .exited(0))
        #expect(WindowsRunRules.childExit(code: 3) == .exited(3))
        #expect(WindowsRunRules.childExit(code: 0xC000_0005) == .exited(Int32(bitPattern: 0xC000_0005)))
        #expect(WindowsRunRules.childExit(code: 0xC000_013A) == .signaled(.interrupt))
        #expect(WindowsRunRules.childExit(code: WindowsRunRules.jobEndedExitCode) == .signaled(.kill))
    }

    @Test("a crash (access violation) while ready goes to the SCM as a service-specific error with its code")
    func crashReported() throws {
        var harness = readyHarness(try windowsConfiguration())
        harness.send(.workloadEnded(.process(WindowsRunRules.childExit(code: 0xC000_0005))))
        let code = Int32(bitPattern: 0xC000_0005)
        #expect(harness.finishCode == code)
        var mapper = SCMStatusMapper(strategy: .pending)
        let status = mapper.status(for: StatusReport(state: .stopped(exitCode: code), text: "failed"))
        #expect(status?.win32ExitCode == 1066)
        #expect(status?.serviceSpecificExitCode == 0xC000_0005)
    }

    @Test("a --live check failing in a row on Windows: CTRL_BREAK, then STOPPED with the service-specific 125")
    func unhealthyReported() throws {
        var configuration = try windowsConfiguration()
        configuration.livenessChecks = ["http://127.0.0.1:8080/healthz"]
        configuration.livenessFailureThreshold = 2
        var harness = readyHarness(configuration)
        #expect(harness.log.contains { $0.action == .startLivenessChecks })
        harness.send(.livenessChecked(name: "http://127.0.0.1:8080/healthz", failure: "HTTP 503"))
        let actions = harness.send(.livenessChecked(name: "http://127.0.0.1:8080/healthz", failure: "HTTP 503"))
        #expect(!actions.contains(.watchdogTrigger), "Windows has no watchdog")
        #expect(actions.contains(.signal(.interrupt, .processGroup)))
        harness.send(.workloadEnded(.process(WindowsRunRules.childExit(code: 0xC000_013A))))
        #expect(harness.finishCode == ExitCodes.unhealthy)
        var mapper = SCMStatusMapper(strategy: .pending)
        let status = mapper.status(
            for: StatusReport(state: .stopped(exitCode: ExitCodes.unhealthy), text: "failed"))
        #expect(status?.win32ExitCode == 1066)
        #expect(status?.serviceSpecificExitCode == 125)
    }

    @Test(
        "what only Linux offers is refused with one line and an example",
        arguments: [
            (EngineConfiguration(stopSignal: .quit), "--stop-signal SIGQUIT has no meaning on Windows"),
            (
                EngineConfiguration(stopSignal: nil, probes: [.tcp(Endpoint(host: "127.0.0.1", port: 80)), .notify]),
                "--ready notify is not available on Windows yet: notify needs systemd's socket"
            ),
            (
                EngineConfiguration(
                    stopSignal: nil,
                    probes: [.postgres(PostgresTarget(address: .socket(directory: "/run/postgresql", port: 5432)))]),
                "PostgreSQL on Windows listens on TCP"
            ),
        ])
    func refused(configuration: EngineConfiguration, expected: String) {
        #expect(throws: WindowsRunRules.Unsupported.self) {
            try WindowsRunRules.engineConfiguration(configuration)
        }
        do {
            _ = try WindowsRunRules.engineConfiguration(configuration)
        } catch {
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(error.example.hasPrefix("punctual run "))
        }
    }

    @Test(
        "every polled probe and log, the protocols and TLS included: run on Windows; the stop is CTRL_BREAK, seen as an interrupt"
    )
    func available() throws {
        let probes: [ProbeSpec] = [
            .tcp(Endpoint(host: "127.0.0.1", port: 80)),
            .http(HTTPTarget(endpoint: Endpoint(host: "127.0.0.1", port: 80), path: "/")),
            .exec("ping -n 1 127.0.0.1"), .file("C:\\ready"), .log("Listening"),
            try ProbeSpecParser.parse("redis://127.0.0.1:6379?password-env=REDIS_PASSWORD"),
            try ProbeSpecParser.parse("postgres://app@127.0.0.1:5432/orders"),
            try ProbeSpecParser.parse("grpc://127.0.0.1:50051"),
            try ProbeSpecParser.parse("https://api.example:8443/healthz?ca=C:\\certs\\ca.pem"),
            try ProbeSpecParser.parse("rediss://127.0.0.1:6380"), try ProbeSpecParser.parse("grpcs://127.0.0.1:50051"),
        ]
        let windows = try WindowsRunRules.engineConfiguration(EngineConfiguration(stopSignal: nil, probes: probes))
        #expect(windows.probes == probes)
        #expect(windows.stopSignal == .interrupt)
        #expect(windows.workload == .windowsProcess)
    }

    @Test("a program that cannot be started: 127 when not found, 126 when it is no program, 70 otherwise")
    func spawnFailures() {
        #expect(WindowsRunRules.spawnFailure(win32Error: 2).exitCode == ExitCodes.notFound)
        #expect(WindowsRunRules.spawnFailure(win32Error: 2).reason.contains("not found"))
        #expect(WindowsRunRules.spawnFailure(win32Error: 193).exitCode == ExitCodes.notExecutable)
        #expect(WindowsRunRules.spawnFailure(win32Error: 5).exitCode == ExitCodes.notExecutable)
        #expect(WindowsRunRules.spawnFailure(win32Error: 1455).exitCode == ExitCodes.internalError)
    }

    @Test("an installed service runs in its program's folder, as under NSSM and WinSW, when the path is full")
    func defaultWorkingDirectory() {
        #expect(
            WindowsRunRules.defaultWorkingDirectory(program: "C:\\Program Files\\api\\api.exe")
                == "C:\\Program Files\\api")
        #expect(WindowsRunRules.defaultWorkingDirectory(program: "D:\\api.exe") == "D:\\")
        #expect(WindowsRunRules.defaultWorkingDirectory(program: "\\\\server\\apps\\api.exe") == "\\\\server\\apps")
        #expect(WindowsRunRules.defaultWorkingDirectory(program: "api.exe") == nil)
        #expect(WindowsRunRules.defaultWorkingDirectory(program: "bin\\api.exe") == nil)
        #expect(WindowsRunRules.spawnFailure(win32Error: 267).exitCode == ExitCodes.usage)
        #expect(WindowsRunRules.program("bin\\api.exe", in: "C:\\srv") == "C:\\srv\\bin\\api.exe")
        #expect(WindowsRunRules.program(".\\api.exe", in: "D:\\") == "D:\\.\\api.exe")
        #expect(WindowsRunRules.program("api.exe", in: "C:\\srv") == "api.exe")
        #expect(WindowsRunRules.program("C:\\srv\\api.exe", in: "D:\\other") == "C:\\srv\\api.exe")
        #expect(WindowsRunRules.program("bin\\api.exe", in: nil) == "bin\\api.exe")
    }

    @Test("an installed service's output goes under ProgramData, in a folder of its own")
    func defaultLogFile() {
        #expect(
            WindowsRunRules.defaultLogFile(service: "api", programData: "C:\\ProgramData\\")
                == "C:\\ProgramData\\punctual\\api\\output.log")
        #expect(
            WindowsRunRules.defaultLogFile(service: "api", programData: "%ProgramData%")
                == "%ProgramData%\\punctual\\api\\output.log")
        let folders = WindowsRunRules.defaultLogFolders(service: "api", programData: "D:\\Data")
        #expect(folders.root == "D:\\Data\\punctual")
        #expect(folders.folder == "D:\\Data\\punctual\\api")
    }
}
