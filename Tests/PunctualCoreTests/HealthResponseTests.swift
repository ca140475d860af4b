import PunctualCore
import Testing

@Suite("Health endpoint answers, in the Kubernetes conventions")
struct HealthResponseTests {
    let healthy = [HealthCheckResult(name: "ping", passed: true), HealthCheckResult(name: "load model", passed: true)]
    let failing = [HealthCheckResult(name: "ping", passed: true), HealthCheckResult(name: "load model", passed: false)]

    @Test("passing: 200 and ok; with ?verbose every check and the verdict")
    func passing() {
        #expect(HealthResponse(.readyz, checks: healthy, query: "") == HealthResponse(status: 200, body: "ok"))
        let verbose = HealthResponse(.readyz, checks: healthy, query: "verbose")
        #expect(verbose.status == 200)
        #expect(verbose.body == "[+]ping ok\n[+]load model ok\nreadyz check passed\n")
        #expect(HealthResponse(.livez, checks: healthy, query: "verbose=false").body == "ok")
    }

    @Test("failing: 500 with the list, the reason withheld, verbose or not")
    func failingCheck() {
        let plain = HealthResponse(.startupz, checks: failing, query: "")
        #expect(plain.status == 500)
        #expect(plain.body == "[+]ping ok\n[-]load model failed: reason withheld\nstartupz check failed\n")
        #expect(HealthResponse(.startupz, checks: failing, query: "verbose") == plain)
    }

    @Test("?exclude=name leaves a check out, percent-encoded or not")
    func exclude() {
        let answer = HealthResponse(.readyz, checks: failing, query: "exclude=load%20model&verbose")
        #expect(answer.status == 200)
        #expect(answer.body == "[+]ping ok\n[+]load model excluded: ok\nreadyz check passed\n")
        #expect(HealthResponse(.readyz, checks: failing, query: "exclude=load+model").status == 200)
    }

    @Test("no checks is healthy")
    func empty() {
        #expect(HealthResponse(.livez, checks: [], query: "").status == 200)
    }

    @Test("paths name endpoints with or without slashes; anything else names none")
    func paths() {
        #expect(HealthEndpoint(path: "/livez") == .livez)
        #expect(HealthEndpoint(path: "/readyz/") == .readyz)
        #expect(HealthEndpoint(path: "startupz") == .startupz)
        #expect(HealthEndpoint(path: "/healthz") == nil)
        #expect(HealthEndpoint(path: "/") == nil)
    }
}
