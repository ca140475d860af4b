import Glibc
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("punctual run --state-dir: each start's end kept, bad lines reported and replaced, used by check")
struct StartHistoryRunTests {
    private static func lines(of path: String) -> [Substring] {
        String(decoding: FileDescriptorIO.readFile(path) ?? [], as: UTF8.self).split(separator: "\n")
    }

    @Test("a ready start and a failed one each leave one line; no temporary file is left")
    func recorded() throws {
        let folder = try makeTemporaryDirectory("state")
        defer { removeFlatDirectory(folder) }
        let tag = uniqueTag()
        let ready = try PunctualProcess.run([
            "run", "--state-dir", folder, "--ready", "log:\(tag) up", "--", "sh", "-c", "echo '\(tag) up'; sleep 0.2",
        ])
        #expect(ready.exitCode == 0, "\(ready.stderr)")
        let failed = try PunctualProcess.run([
            "run", "--state-dir", folder, "--ready", "file:/nonexistent/\(tag)", "--startup-budget", "1s", "--",
            "sleep",
            "30",
        ])
        #expect(failed.exitCode == 124, "\(failed.stderr)")
        let lines = Self.lines(of: "\(folder)/starts")
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.split(separator: " ").dropFirst().first == "ready")
        #expect(lines.last?.hasSuffix(" 124") == true && lines.last?.contains(" failed 1.") == true, "\(lines)")
        let entries = try #require(directoryEntries(folder))
        #expect(entries == ["starts"], "\(entries)")
    }

    @Test("a corrupt history is reported once, and what could be read is kept with the new start")
    func corrupt() throws {
        let folder = try makeTemporaryDirectory("state")
        defer { removeFlatDirectory(folder) }
        try FileDescriptorIO.replaceFile("\(folder)/starts", with: "1800000000 ready 2.500\nnot a start\n\u{1}\u{2}\n")
        let result = try PunctualProcess.run(["run", "--state-dir", folder, "--", "true"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("had 2 unreadable line(s); they are dropped"), "\(result.stderr)")
        let lines = Self.lines(of: "\(folder)/starts")
        #expect(lines.count == 2 && lines[0] == "1800000000 ready 2.500", "\(lines)")
    }

    @Test("what a crash mid-write leaves (the history whole, a half-written temporary file beside it) reads as before")
    func crashMidWrite() throws {
        let folder = try makeTemporaryDirectory("state")
        defer { removeFlatDirectory(folder) }
        try FileDescriptorIO.replaceFile("\(folder)/starts", with: "1800000000 ready 2.500\n")
        try FileDescriptorIO.replaceFile("\(folder)/starts.punctual-99999", with: "1800000001 rea")
        let result = try PunctualProcess.run(["run", "--state-dir", folder, "--", "true"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("unreadable"), "\(result.stderr)")
        let lines = Self.lines(of: "\(folder)/starts")
        #expect(lines.count == 2 && lines[0] == "1800000000 ready 2.500" && lines[1].contains(" ready "), "\(lines)")
    }

    @Test("a folder punctual cannot write: a warning, and the service runs as ever")
    func unwritable() throws {
        let result = try PunctualProcess.run(["run", "--state-dir", "/nonexistent/state", "--", "true"])
        #expect(result.exitCode == 0)
        #expect(
            result.stderr.contains("cannot keep the start history in /nonexistent/state/starts"), "\(result.stderr)")
    }

    @Test("with --progress-timeout the start's longest time without progress is kept too")
    func quietRecorded() throws {
        let folder = try makeTemporaryDirectory("state")
        defer { removeFlatDirectory(folder) }
        let tag = uniqueTag()
        let result = try PunctualProcess.run([
            "run", "--state-dir", folder, "--progress-timeout", "20s", "--ready", "log:\(tag) up", "--", "sh", "-c",
            "sleep 1.2; echo '\(tag) up'; sleep 0.2",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let fields = Self.lines(of: "\(folder)/starts").first?.split(separator: " ") ?? []
        #expect(fields.count == 5 && fields[1] == "ready" && fields[3] == "quiet", "\(fields)")
        let quiet = fields.last.flatMap { Double($0) } ?? 0
        #expect(quiet > 0 && quiet < 1.5, "the sleep's silence, less what CPU and output told: \(quiet)")
    }

    @Test("check proposes a budget and a progress timeout from the recorded starts")
    func proposal() throws {
        let folder = try makeTemporaryDirectory("state")
        defer { removeFlatDirectory(folder) }
        try FileDescriptorIO.replaceFile(
            "\(folder)/starts",
            with: (1...6).map { "18000000\($0)0 ready \(10 + $0).000 quiet \($0).000\n" }.joined()
                + "1800000099 failed 600.000 124\n")
        let result = try PunctualProcess.run([
            "check", "--state-dir", folder, "--ready", "tcp:127.0.0.1:80", "--", "/s",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "recorded starts: p99 16s to ready; startup-budget = \"24s\" (p99 × 1.5) covers them; 10m now is far longer"
            ), "\(result.stdout)")
        #expect(
            result.stdout.contains("recorded starts: p99 6s without progress; progress-timeout = \"9s\" (p99 × 1.5)"),
            "\(result.stdout)")
    }
}
