import CPunctualLogFile
import Glibc
import PunctualSupervisor
import Synchronization
import Testing

@Suite("The rotating log file: whole lines, a size limit, kept generations, restarts")
struct LogFileTests {
    /// A fresh folder for one test's files.
    private func folder() -> String {
        var template = Array("/tmp/punctual-log-XXXXXX".utf8CString)
        return String(cString: mkdtemp(&template))
    }

    private func open(_ path: String, maxBytes: UInt64, keep: UInt32) throws -> OpaquePointer {
        var log: OpaquePointer?
        let error = punctual_log_open(path, maxBytes, keep, &log)
        try #require(error == 0 && log != nil, "open failed: \(error)")
        return log!
    }

    private func write(_ log: OpaquePointer, _ text: String) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { punctual_log_write(log, $0.baseAddress, $0.count) } == 0)
    }

    private func read(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = fread(&buffer, 1, buffer.count, file), count > 0 { bytes += buffer[0..<count] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every file of the log, oldest first, joined.
    private func everything(_ path: String, keep: UInt32) -> String {
        (stride(from: Int(keep), through: 1, by: -1).compactMap { read("\(path).\($0)") } + [read(path) ?? ""])
            .joined()
    }

    @Test("lines written in pieces of any size land whole, each in one file no larger than the limit")
    func wholeLinesWithinTheLimit() throws {
        let path = folder() + "/out.log"
        let log = try open(path, maxBytes: 100, keep: 50)
        let lines = (1...200).map { "line \($0) " + String(repeating: "x", count: $0 % 7) + "\n" }
        let text = lines.joined()
        var offset = text.startIndex
        var piece = 1
        while offset < text.endIndex {
            let end = text.index(offset, offsetBy: piece, limitedBy: text.endIndex) ?? text.endIndex
            write(log, String(text[offset..<end]))
            offset = end
            piece = piece % 13 + 1
        }
        let rotations = punctual_log_rotations(log)
        punctual_log_close(log)
        #expect(rotations >= 20)
        #expect(everything(path, keep: 50) == text)
        for generation in 1...Int(rotations) {
            let file = read("\(path).\(generation)") ?? ""
            #expect(file.utf8.count <= 100 && file.hasSuffix("\n"), "\(path).\(generation): \(file.utf8.count) bytes")
        }
    }

    @Test("only `keep` older files are kept: the oldest lines go, the newest stay in order")
    func keepsGenerations() throws {
        let path = folder() + "/out.log"
        let log = try open(path, maxBytes: 20, keep: 2)
        for number in 1...10 { write(log, "entry \(number)\n") }
        punctual_log_close(log)
        #expect(read("\(path).3") == nil)
        #expect(everything(path, keep: 2) == "entry 5\nentry 6\nentry 7\nentry 8\nentry 9\nentry 10\n")
    }

    @Test("a restart appends where the last run stopped and counts what the file holds")
    func restartGoesOn() throws {
        let path = folder() + "/out.log"
        let first = try open(path, maxBytes: 20, keep: 5)
        write(first, "run 1 a\nrun 1 b\n")
        punctual_log_close(first)
        let second = try open(path, maxBytes: 20, keep: 5)
        write(second, "run 2 a\n")
        #expect(punctual_log_rotations(second) == 1)
        write(second, "run 2 b\n")
        punctual_log_close(second)
        #expect(everything(path, keep: 5) == "run 1 a\nrun 1 b\nrun 2 a\nrun 2 b\n")
        #expect(read(path) == "run 2 a\nrun 2 b\n")
    }

    @Test("a last line without its newline is kept whole and ended when the writer goes")
    func partialLineAtTheEnd() throws {
        let path = folder() + "/out.log"
        let log = try open(path, maxBytes: 1000, keep: 1)
        write(log, "complete\nhalf a li")
        #expect(read(path) == "complete\n")
        write(log, "ne")
        punctual_log_close(log)
        #expect(read(path) == "complete\nhalf a line\n")
    }

    @Test("a file that cannot be moved aside is not rotated: it grows on, loses nothing, and rotates later")
    func blockedRotation() throws {
        let path = folder() + "/out.log"
        // A non-empty folder where the file must be moved aside makes the move fail, as a file held
        // open by another process does on Windows.
        #expect(mkdir("\(path).rotating", 0o755) == 0)
        #expect(creat("\(path).rotating/held", 0o644) >= 0)
        let log = try open(path, maxBytes: 20, keep: 3)
        for number in 1...6 { write(log, "entry \(number)\n") }
        #expect(punctual_log_rotations(log) == 0)
        #expect(read("\(path).1") == nil)
        unlink("\(path).rotating/held")
        rmdir("\(path).rotating")
        for number in 7...9 { write(log, "entry \(number)\n") }
        #expect(punctual_log_rotations(log) >= 1)
        punctual_log_close(log)
        #expect(everything(path, keep: 3) == (1...9).map { "entry \($0)\n" }.joined())
    }

    @Test("the child's streams through the sink: each stream's lines apart, an overlong line wrapped, not mixed")
    func sinkKeepsStreamsApart() throws {
        let path = folder() + "/out.log"
        let sink = try LogFileSink(path: path, maxBytes: 1 << 20, keep: 1)
        func write(_ text: String, _ stream: StandardStream) {
            Array(text.utf8).withUnsafeBytes { sink.write($0, from: stream) }
        }
        write("out half", .stdout)
        write(String(repeating: "e", count: 70_000), .stderr)
        write(" and the rest\n", .stdout)
        write("\n", .stderr)
        write("no newline at the end", .stdout)
        sink.close()
        let lines = (read(path) ?? "").split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == String(repeating: "e", count: Int(PUNCTUAL_LOG_LONGEST_LINE) - 1))
        #expect(lines[1] == "out half and the rest")
        #expect(lines[2] == String(repeating: "e", count: 70_000 - Int(PUNCTUAL_LOG_LONGEST_LINE) + 1))
        #expect(lines[3] == "no newline at the end")
    }

    @Test("missing folders above the file are made, as an installed service's first start needs")
    func missingFoldersAreMade() throws {
        let path = folder() + "/punctual/api/output.log"
        let log = try open(path, maxBytes: 100, keep: 1)
        write(log, "first line\n")
        punctual_log_close(log)
        #expect(read(path) == "first line\n")
    }

    @Test("a folder that cannot be made (a file is in the way): an errno, no log")
    func folderInTheWay() {
        let file = folder() + "/plain-file"
        fclose(fopen(file, "w"))
        var log: OpaquePointer?
        #expect(punctual_log_open(file + "/sub/out.log", 100, 1, &log) == ENOTDIR)
        #expect(log == nil)
    }

    @Test(
        "a line longer than the longest kept whole is wrapped in one write as across many; one just short of it is not")
    func longLinesWrapped() throws {
        let longest = Int(PUNCTUAL_LOG_LONGEST_LINE)
        let path = folder() + "/out.log"
        let log = try open(path, maxBytes: 1 << 20, keep: 1)
        write(log, "a\n" + String(repeating: "x", count: 70_000) + "\nb\n")
        write(log, String(repeating: "y", count: longest - 1))
        write(log, "\n")
        write(log, String(repeating: "z", count: 100_000))
        write(log, "\n")
        punctual_log_close(log)
        let lines = (read(path) ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            lines == [
                "a", String(repeating: "x", count: longest - 1), String(repeating: "x", count: 70_000 - longest + 1),
                "b",
                String(repeating: "y", count: longest - 1), String(repeating: "z", count: longest - 1),
                String(repeating: "z", count: 100_000 - longest + 1), "",
            ])
    }

    @Test("a file moved or deleted under the log: what follows goes to a new file at the path, nothing lost")
    func movedOrDeleted() throws {
        let path = folder() + "/out.log"
        let log = try open(path, maxBytes: 1 << 20, keep: 1)
        write(log, "one\n")
        #expect(rename(path, path + ".moved") == 0)
        write(log, "two\n")
        #expect(punctual_log_reopens(log) == 1)
        #expect(unlink(path) == 0)
        write(log, "three\n")
        #expect(punctual_log_reopens(log) == 2)
        write(log, "four\n")
        #expect(punctual_log_reopens(log) == 2)
        punctual_log_close(log)
        #expect(read(path + ".moved") == "one\n")
        #expect(read(path) == "three\nfour\n")
    }

    @Test("a file that takes nothing (a full device): whole lines lost and counted, said once, then writing again")
    func fullDeviceThenSpace() throws {
        let path = folder() + "/out.log"
        #expect(symlink("/dev/full", path) == 0)
        let sink = try LogFileSink(path: path, maxBytes: 1 << 20, keep: 1)
        let notices = Mutex<[LogFileSink.Notice]>([])
        sink.reportNotices { notice in notices.withLock { $0.append(notice) } }
        func write(_ text: String) { Array(text.utf8).withUnsafeBytes { sink.write($0, from: .stdout) } }
        write("lost 1\nlost 2\n")
        write("lost 3\npartly")
        #expect(notices.withLock { $0 } == [.cannotWrite(path: path, reason: "No space left on device")])
        // Space again: the path now leads to a real file, as after space was freed.
        #expect(unlink(path) == 0)
        write(" kept\nkept 2\n")
        write("kept 3\n")
        sink.close()
        #expect(read(path) == "partly kept\nkept 2\n" + "kept 3\n")
        #expect(
            notices.withLock { $0 } == [
                .cannotWrite(path: path, reason: "No space left on device"), .reopened(path: path),
                .writingAgain(path: path, lostLines: 3, lostBytes: 21),
            ])
    }

    @Test("the run ends while the file still takes nothing: the loss is said at the end")
    func fullUntilTheEnd() throws {
        let path = folder() + "/out.log"
        #expect(symlink("/dev/full", path) == 0)
        let sink = try LogFileSink(path: path, maxBytes: 1 << 20, keep: 1)
        let notices = Mutex<[LogFileSink.Notice]>([])
        sink.reportNotices { notice in notices.withLock { $0.append(notice) } }
        Array("a\nb\nc".utf8).withUnsafeBytes { sink.write($0, from: .stderr) }
        sink.close()
        #expect(
            notices.withLock { $0 } == [
                .cannotWrite(path: path, reason: "No space left on device"),
                .lostUntilTheEnd(path: path, lostLines: 3, lostBytes: 6),
            ])
    }
}
