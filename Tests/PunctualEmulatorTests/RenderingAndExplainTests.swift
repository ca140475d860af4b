import FoundationEssentials
import PunctualCore
import PunctualEmulator
import Testing

@Suite("Reports as text, JSON and SVG; explanations")
struct RenderingAndExplainTests {
    let report = SimulationReport(
        manager: "scm", settings: [("ServicesPipeTimeout", "30s")],
        command: ["./server", "--name", "a \"quoted\" name"],
        timeline: [
            TimelineEntry(at: .zero, source: "scm", kind: .note, text: "StartService", deadline: .seconds(30)),
            TimelineEntry(
                at: .milliseconds(1500), source: "service", kind: .heartbeat, text: "START_PENDING <1>",
                deadline: .seconds(11)),
            TimelineEntry(at: .seconds(30), source: "scm", kind: .error, text: "7009: Timeout & more"),
        ],
        verdict: Verdict(
            succeeded: false, headline: "fails with 1053 at 30s", code: "1053", events: ["7009", "7000"], fix: "wrap it"
        ),
        duration: .seconds(30))

    struct Decoded: Decodable {
        struct Entry: Decodable {
            let at: Double
            let source: String
            let kind: String
            let text: String
            let deadline: Double?
        }
        struct DecodedVerdict: Decodable {
            let succeeded: Bool
            let code: String?
            let events: [String]
        }
        let manager: String
        let command: [String]
        let settings: [String: String]
        let timeline: [Entry]
        let verdict: DecodedVerdict
    }

    @Test("JSON reads back with a standard decoder, strings escaped")
    func json() throws {
        let decoded = try JSONDecoder().decode(Decoded.self, from: Data(TimelineJSON.render(report).utf8))
        #expect(decoded.manager == "scm")
        #expect(decoded.command.last == "a \"quoted\" name")
        #expect(decoded.settings["ServicesPipeTimeout"] == "30s")
        #expect(decoded.timeline.map(\.at) == [0, 1.5, 30])
        #expect(decoded.timeline[1].deadline == 11)
        #expect(decoded.timeline[2].deadline == nil)
        #expect(decoded.verdict.code == "1053")
        #expect(decoded.verdict.events == ["7009", "7000"])
        #expect(!decoded.verdict.succeeded)
    }

    @Test("the SVG is one escaped picture with deadline bands, heartbeats and the error mark")
    func svg() {
        let picture = TimelineSVG.render([report, report], titles: ["alone", "wrapped"])
        #expect(picture.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(picture.hasSuffix("</svg>\n"))
        #expect(picture.contains("alone: fails with 1053 at 30s"))
        #expect(picture.contains("wrapped: fails with 1053 at 30s"))
        #expect(picture.contains("7009: Timeout &amp; more"))
        #expect(picture.contains("START_PENDING") == false)
        #expect(picture.contains("fill-opacity=\"0.12\""))
        #expect(!picture.contains("<1>"))
        #expect(picture.components(separatedBy: "<svg").count == 2)
    }

    @Test("text lines mark errors, heartbeats and ready")
    func text() {
        #expect(TimelineText.line(report.timeline[2]) == "  30.000s ! scm     7009: Timeout & more")
        #expect(TimelineText.line(report.timeline[1]).hasPrefix("   1.500s + service"))
        #expect(TimelineText.footer(report.verdict).contains("events:  7009, 7000"))
    }

    @Test("every topic is there once, with meaning and fixes, found however it is written")
    func explanations() {
        let topics = ExplanationCatalog.all.map(\.topic)
        #expect(Set(topics).count == topics.count)
        for topic in [
            "1053", "1067", "7000", "7009", "7011", "7023", "7031", "7034", "timeout", "watchdog", "protocol",
            "start-limit-hit", "CrashLoopBackOff",
        ] {
            #expect(topics.contains(topic), "\(topic) is missing")
        }
        #expect(ExplanationCatalog.all.allSatisfy { !$0.meaning.isEmpty && !$0.fixes.isEmpty })
        #expect(ExplanationCatalog.lookup("error 1053")?.topic == "1053")
        #expect(ExplanationCatalog.lookup("Event ID 7009")?.topic == "7009")
        #expect(ExplanationCatalog.lookup("Result: timeout")?.topic == "timeout")
        #expect(ExplanationCatalog.lookup("crashloopbackoff")?.topic == "CrashLoopBackOff")
        #expect(ExplanationCatalog.lookup("ERROR_SERVICE_REQUEST_TIMEOUT")?.topic == "1053")
        #expect(ExplanationCatalog.lookup("start limit hit")?.topic == "start-limit-hit")
        #expect(ExplanationCatalog.lookup("9999") == nil)
        #expect(ExplanationCatalog.lookup("1053").map { $0.text.contains("punctual run --ready") } == true)
    }
}
