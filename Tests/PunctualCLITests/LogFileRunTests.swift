import Glibc
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("punctual run --log-file: the child's output rotated by size, no line lost, split or repeated")
struct LogFileRunTests {
    private func folder() -> String {
        var template = Array("/tmp/punctual-logrun-XXXXXX".utf8CString)
        return String(cString: mkdtemp(&template))
    }

    /// Every file of the log, oldest first.
    private func lines(_ path: String) -> [String] {
        var generations: [String] = []
        var generation = 1
        while access("\(path).\(generation)", F_OK) == 0 {
            generations.insert("\(path).\(generation)", at: 0)
            generation += 1
        }
        return (generations + [path]).flatMap { file -> [String] in
            let text = FileDescriptorIO.readFile(file).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
    }

    @Test(
        "two runs of a child writing both streams in pieces: each line once, each stream in order, files within the limit"
    )
    func twoRunsRotated() throws {
        let path = folder() + "/out.log"
        // Lines are written in two halves, with stderr lines in between, so that pieces must be joined.
        let script = """
            for i in $(seq 1 400); do printf "$0 out $i "; echo "err $i" >&2; printf "end\\n"; done; printf "$0 last"
            """
        for run in ["first", "second"] {
            let result = try PunctualProcess.run([
                "run", "--log-file", path, "--log-max-size", "4K", "--log-keep", "100", "--", "/bin/sh", "-c", script,
                run,
            ])
            #expect(result.exitCode == 0)
            #expect(!result.stdout.contains("out 1 "))
        }
        let all = lines(path)
        for run in ["first", "second"] {
            let out = all.filter { $0.hasPrefix("\(run) out ") }
            #expect(out == (1...400).map { "\(run) out \($0) end" })
            #expect(all.contains("\(run) last"))
        }
        #expect(all.filter { $0.hasPrefix("err ") } == (1...400).map { "err \($0)" } + (1...400).map { "err \($0)" })
        #expect(all.count == 2 * (400 + 400 + 1))
        var generation = 1
        while let size = FileDescriptorIO.readFile("\(path).\(generation)")?.count {
            #expect(size <= 4096)
            generation += 1
        }
        #expect(generation > 4, "only \(generation - 1) rotations")
    }
}
