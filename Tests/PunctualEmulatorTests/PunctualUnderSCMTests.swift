import PunctualCore
import PunctualEmulator
import Testing

/// Punctual's engine, its SCM status mapping and the emulated SCM, run together on one virtual clock,
/// with a child that becomes ready (or never does) at a chosen time: exactly the logic of
/// `punctual run` as a Windows service, without the processes.
struct PunctualUnderSCM {
    var engine: LifecycleEngine
    var mapper: SCMStatusMapper
    var scm: SCMModel
    let origin = ContinuousClock.now
    private(set) var now: ContinuousClock.Instant
    /// When the child's probe passes; nil: never.
    let childReadyAt: Double?
    /// How long the child takes to end after a stop signal (a kill ends it at once).
    let childStopTakes: Double
    private var childEndsAt: (at: ContinuousClock.Instant, on: Signal)?
    private(set) var exitCode: Int32?
    private var childAlive = true

    init(
        engine configuration: EngineConfiguration, strategy: SCMStartStrategy = .pending,
        scm settings: SCMSettings = SCMSettings(),
        childReadyAt: Double?, childStopTakes: Double = 0
    ) {
        engine = LifecycleEngine(configuration: configuration)
        mapper = SCMStatusMapper(strategy: strategy)
        scm = SCMModel(settings: settings)
        now = origin
        self.childReadyAt = childReadyAt
        self.childStopTakes = childStopTakes
    }

    var seconds: Double { (now - origin).seconds }

    /// The process starts, connects the dispatcher within milliseconds, spawns the child.
    mutating func start() {
        perform(scm.handle(.processStarted, at: now))
        now = origin + .milliseconds(5)
        perform(scm.handle(.dispatcherConnected, at: now))
        perform(engine.handle(.workloadStarted(pid: 100), at: now))
    }

    mutating func run(until target: Double) {
        let end = origin + .milliseconds(Int64(target * 1000))
        for _ in 0..<100_000 {
            let readyInstant = childReadyAt.map { origin + .milliseconds(Int64($0 * 1000)) }
            let pendingReady = engine.phase == .starting ? readyInstant : nil
            let next = [engine.nextDeadline, scm.nextDeadline, pendingReady, childEndsAt?.at].compactMap { $0 }.min()
            guard let next, next <= end, exitCode == nil else { break }
            now = max(now, next)
            if let ending = childEndsAt, now >= ending.at {
                childEndsAt = nil
                childEnds(.signaled(ending.on))
            }
            if let pendingReady, now >= pendingReady {
                perform(
                    engine.handle(
                        .readinessObserved(engine.configuration.probes[0], holds: true, detail: "connected"), at: now))
            }
            perform(engine.handle(.tick, at: now))
            perform(scm.handle(.tick, at: now))
        }
        now = max(now, end)
    }

    mutating func stop() { perform(scm.handle(.stopRequested, at: now)) }

    private mutating func perform(_ actions: [EngineAction]) {
        for action in actions {
            switch action {
            case .report(let report):
                if let status = mapper.status(for: LifecycleWords(engine.configuration).report(report)) {
                    perform(scm.handle(.statusReported(status), at: now))
                }
            case .killTree:
                childEnds(.signaled(.kill))
            case .signal(let signal, .processGroup):
                if childStopTakes == 0 {
                    childEnds(.signaled(signal))
                } else if childEndsAt == nil {
                    childEndsAt = (now + .milliseconds(Int64(childStopTakes * 1000)), signal)
                }
            case .finish(let code):
                exitCode = code
                perform(scm.handle(.processExited(code), at: now))
            case .signal, .watchdogPing, .watchdogTrigger, .stopProbing, .startLivenessChecks, .log:
                break
            }
        }
    }

    /// The child ends: on a kill at once, on a stop signal after `childStopTakes`.
    private mutating func childEnds(_ exit: ChildExit) {
        guard childAlive else { return }
        childAlive = false
        perform(engine.handle(.workloadEnded(.process(exit)), at: now))
    }

    private mutating func perform(_ actions: [SCMModel.Action]) {
        for action in actions {
            switch action {
            case .sendControl(let control):
                perform(scm.handle(.controlHandled(control, handled: SCMStatusMapper.handles(control)), at: now))
                if let event = SCMStatusMapper.event(for: control) { perform(engine.handle(event, at: now)) }
            case .terminateProcess, .restartService:
                break
            }
        }
    }
}

@Suite("punctual run as a Windows service, against the emulated SCM")
struct PunctualUnderSCMTests {
    let probe = ProbeSpec.tcp(Endpoint(host: "127.0.0.1", port: 8080))

    @Test("a 60 s start with the default 2 s hint and a 30 s pipe timeout ends RUNNING, no hint missed")
    func slowStart() {
        var run = PunctualUnderSCM(engine: EngineConfiguration(probes: [probe]), childReadyAt: 60)
        run.start()
        run.run(until: 61)
        #expect(run.scm.failure == nil)
        #expect(run.scm.missedHints == 0)
        #expect(run.scm.readyAt.map { abs($0.seconds - 60) < 0.01 } == true)
        #expect(run.scm.checkpoints >= 24)
        #expect(run.scm.status?.controlsAccepted == SCMStatusMapper.acceptedWhenReady)
        #expect(run.scm.conclusion.succeeded)
    }

    @Test("then an 8 s stop: STOP_PENDING with moving checkpoints, STOPPED once, exit 0")
    func slowStartThenStop() {
        var run = PunctualUnderSCM(engine: EngineConfiguration(probes: [probe]), childReadyAt: 60, childStopTakes: 8)
        run.start()
        run.run(until: 70)
        let startCheckpoints = run.scm.checkpoints
        run.stop()
        run.run(until: 90)
        #expect(run.exitCode == 0)
        #expect(run.scm.failure == nil)
        #expect(run.scm.checkpoints - startCheckpoints >= 3, "STOP_PENDING checkpoints during the 8 s stop")
        #expect(run.scm.stoppedAt.map { abs($0.seconds - 78) < 0.01 } == true)
        #expect(run.scm.timeline.filter { $0.text.contains("STOPPED checkpoint") }.count == 1)
        #expect(run.scm.missedHints == 0)
        #expect(run.scm.conclusion.succeeded)
    }

    @Test("a hung child is reported failed within its budget: STOPPED with service-specific 124 (event 7024)")
    func hungChild() throws {
        var run = PunctualUnderSCM(
            engine: EngineConfiguration(startupBudget: .seconds(45), probes: [probe]), childReadyAt: nil)
        run.start()
        run.run(until: 120)
        let failure = try #require(run.scm.failure)
        #expect(failure.events == ["7024"])
        #expect(failure.headline.contains("service-specific 124"))
        #expect(run.scm.stoppedAt.map { $0 <= .seconds(46) } == true)
        #expect(run.scm.missedHints == 0)
        #expect(run.exitCode == 124)
    }

    @Test("running-no-controls: RUNNING at once with no controls, so stops are refused until ready")
    func runningNoControls() {
        var run = PunctualUnderSCM(
            engine: EngineConfiguration(probes: [probe]), strategy: .runningNoControls, childReadyAt: 40)
        run.start()
        run.run(until: 10)
        #expect(run.scm.runningAt != nil)
        #expect(run.scm.readyAt == nil)
        run.stop()
        #expect(run.scm.timeline.contains { $0.text.contains("1061") })
        run.run(until: 41)
        #expect(run.scm.readyAt.map { abs($0.seconds - 40) < 0.01 } == true)
        #expect(run.scm.failure == nil)
    }
}

@Suite("Engine reports as SERVICE_STATUS")
struct SCMStatusMapperTests {
    @Test("pending: each heartbeat raises the checkpoint and sets the hint to the extension")
    func pending() {
        var mapper = SCMStatusMapper(strategy: .pending)
        let beat = StatusReport(state: .starting, text: "", extendBy: .seconds(10))
        #expect(
            mapper.status(for: beat) == ServiceStatus(state: .startPending, checkPoint: 1, waitHintMilliseconds: 10_000)
        )
        #expect(mapper.status(for: beat)?.checkPoint == 2)
        let ready = mapper.status(for: StatusReport(state: .ready, text: ""))
        #expect(ready == ServiceStatus(state: .running, controlsAccepted: [.stop, .shutdown, .preshutdown]))
        let stopping = mapper.status(for: StatusReport(state: .stopping, text: "", extendBy: .seconds(10)))
        #expect(stopping == ServiceStatus(state: .stopPending, checkPoint: 1, waitHintMilliseconds: 10_000))
    }

    @Test("STOPPED carries the exit code as a service-specific error, and nothing follows it")
    func stopped() {
        var mapper = SCMStatusMapper(strategy: .pending)
        let failed = mapper.status(for: StatusReport(state: .stopped(exitCode: 124), text: ""))
        #expect(failed == ServiceStatus(state: .stopped, win32ExitCode: 1066, serviceSpecificExitCode: 124))
        #expect(mapper.status(for: StatusReport(state: .stopped(exitCode: 0), text: "")) == nil)
        var clean = SCMStatusMapper(strategy: .pending)
        #expect(
            clean.status(for: StatusReport(state: .stopped(exitCode: 0), text: "")) == ServiceStatus(state: .stopped))
    }

    @Test("controls: STOP, SHUTDOWN and PRESHUTDOWN stop; INTERROGATE is answered; the rest are not implemented")
    func controls() {
        #expect(SCMStatusMapper.event(for: .stop) == .stopRequested(.terminate))
        #expect(SCMStatusMapper.event(for: .preshutdown) == .stopRequested(.terminate))
        #expect(SCMStatusMapper.event(for: .interrogate) == nil)
        #expect(SCMStatusMapper.handles(.interrogate))
        #expect(!SCMStatusMapper.handles(.pause))
    }
}

@Suite("The emulated SCM's wire format")
struct SCMWireFormatTests {
    @Test("every message reads back as written")
    func roundTrip() {
        let messages: [SCMWireMessage] = [
            .connect(serviceName: "my service"),
            .status(ServiceStatus(state: .startPending, checkPoint: 7, waitHintMilliseconds: 10_000)),
            .status(ServiceStatus(state: .stopped, win32ExitCode: 1066, serviceSpecificExitCode: 124)),
            .status(ServiceStatus(state: .running, controlsAccepted: [.stop, .preshutdown])),
            .control(.preshutdown), .handled(.pause, handled: false),
        ]
        for message in messages { #expect(SCMWireMessage(line: message.line) == message) }
    }

    @Test(
        "lines that are not messages are refused",
        arguments: ["", "STATUS 9 0 0 0 0 0", "CONTROL 99", "HELLO", "STATUS 2 0"])
    func refused(line: String) {
        #expect(SCMWireMessage(line: line) == nil)
    }
}
