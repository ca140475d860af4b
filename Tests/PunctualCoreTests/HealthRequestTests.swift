import PunctualCore
import Testing

@Suite("What the wrapper's health server reads of a request, and how it answers")
struct HealthRequestTests {
    func parse(_ text: String) -> HealthRequest.Parse { HealthRequest.parse(Array(text.utf8)) }

    @Test("a whole head: method, target, keep-alive by version and Connection; what follows is left")
    func complete() {
        let request = "GET /readyz?verbose HTTP/1.1\r\nHost: x\r\n\r\nGET /livez HTTP/1.1\r\n"
        guard case .complete(let head, let length) = parse(request) else {
            Issue.record("not complete")
            return
        }
        #expect(head == HealthRequest(method: "GET", target: "/readyz?verbose", keepAlive: true))
        #expect(length == request.utf8.count - "GET /livez HTTP/1.1\r\n".utf8.count)
        guard case .complete(let closing, _) = parse("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n"),
            case .complete(let old, _) = parse("HEAD / HTTP/1.0\r\n\r\n"),
            case .complete(let oldKept, _) = parse("GET / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n")
        else {
            Issue.record("not complete")
            return
        }
        #expect(!closing.keepAlive && !old.keepAlive && oldKept.keepAlive)
    }

    @Test("a head still arriving waits; garbage is 400, an endless head 431")
    func incompleteAndInvalid() {
        #expect(parse("GET /livez HTTP/1.1\r\nHost:") == .incomplete)
        #expect(parse("HELLO\r\n\r\n") == .invalid(status: 400))
        #expect(parse("GET livez HTTP/1.1\r\n\r\n") == .invalid(status: 400))
        #expect(parse("GET /livez SPDY/3\r\n\r\n") == .invalid(status: 400))
        #expect(parse("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 9000)) == .invalid(status: 431))
    }

    @Test("the router: endpoints, 404 naming them, 405 for other methods, /metrics only when served")
    func router() {
        let checks: (HealthEndpoint) -> [HealthCheckResult] = { endpoint in
            [HealthCheckResult(name: "db", passed: endpoint != .readyz)]
        }
        #expect(HealthRouter.answer(method: "GET", target: "/livez", checks: checks, metrics: nil) == .text(200, "ok"))
        #expect(HealthRouter.answer(method: "GET", target: "/readyz", checks: checks, metrics: nil).status == 500)
        #expect(HealthRouter.answer(method: "POST", target: "/livez", checks: checks, metrics: nil).status == 405)
        let missing = HealthRouter.answer(method: "GET", target: "/metrics", checks: checks, metrics: nil)
        #expect(missing == .text(404, "no such endpoint: /metrics; try /livez, /readyz, /startupz\n"))
        let metrics = HealthRouter.answer(method: "GET", target: "/metrics", checks: checks, metrics: { [65] })
        #expect(metrics.body == [65] && metrics.contentType.hasPrefix("text/plain; version=0.0.4"))
    }

    @Test("the response: status line, length, close when asked, no body for HEAD")
    func serialized() {
        let answer = HTTPAnswer.text(500, "no\n")
        #expect(
            String(decoding: answer.serialized(keepAlive: false, head: false), as: UTF8.self)
                == "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 3\r\nconnection: close\r\n\r\nno\n"
        )
        #expect(
            String(decoding: answer.serialized(keepAlive: true, head: true), as: UTF8.self).hasSuffix(
                "length: 3\r\n\r\n"))
    }

    @Test("metrics: readiness, start-up time, state, heartbeats and each check's failures")
    func metrics() {
        var engine = LifecycleEngine(
            configuration: EngineConfiguration(
                probes: [.condition("up")], livenessChecks: ["db", "process"], livenessFailureThreshold: 5))
        let start = ContinuousClock.now
        _ = engine.handle(.workloadStarted(pid: 1), at: start)
        _ = engine.handle(
            .readinessObserved(.condition("up"), holds: true, detail: "yes"), at: start + .milliseconds(1250))
        _ = engine.handle(.livenessChecked(name: "db", failure: "down"), at: start + .seconds(2))
        _ = engine.handle(.livenessChecked(name: "db", failure: nil), at: start + .seconds(3))
        let text = engine.prometheusText(at: start + .seconds(4))
        for line in [
            "punctual_ready 1", "punctual_startup_seconds 1.250", "punctual_uptime_seconds 4.000",
            "punctual_state{state=\"ready\"} 1", "punctual_state{state=\"starting\"} 0", "punctual_heartbeats_total 1",
            "punctual_liveness_failures_total{check=\"db\"} 1", "punctual_liveness_failures_total{check=\"process\"} 0",
            "# TYPE punctual_heartbeats_total counter",
        ] {
            #expect(text.split(separator: "\n").contains(Substring(line)), "missing \(line) in\n\(text)")
        }
    }
}
