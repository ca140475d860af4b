import Glibc
import PunctualCore
import PunctualSupervisor
import PunctualSystem
import PunctualTestSupport
import Synchronization
import Testing

@Suite("The supervised child and its keeper")
struct SupervisorTests {
    func start(_ script: String, relay: Bool = false) throws -> SupervisedChild {
        try SupervisedChild(
            ProcessLauncher.Command(
                path: "/bin/sh", arguments: ["sh", "-c", script], environment: ["PATH=/usr/bin:/bin"]),
            relayOutput: relay)
    }

    func awaitExit(_ child: SupervisedChild) -> ChildExit? {
        guard !Poller.waitReadable([child.eventsFD], timeout: .seconds(5)).isEmpty else { return nil }
        return child.readExit()
    }

    @Test("the keeper reports the exit code and the signal of the child")
    func exitReports() throws {
        let coded = try start("exit 7")
        #expect(awaitExit(coded) == .exited(7))
        coded.release(timeout: .seconds(5))
        let signaled = try start("kill -USR1 $$")
        #expect(awaitExit(signaled) == .signaled(.user1))
        signaled.release(timeout: .seconds(5))
    }

    @Test("the child leads its own session and process group")
    func ownSession() throws {
        let child = try start("sleep 30")
        defer {
            child.killTree()
            child.release(timeout: .seconds(5))
        }
        #expect(getpgid(child.pid) == child.pid)
        #expect(getsid(child.pid) == child.pid)
        #expect(ProcessTree.parent(of: child.pid) == child.keeperPID)
    }

    @Test("killTree reaches grandchildren that left the process group and the session")
    func killTree() throws {
        let child = try start("setsid sleep 30 & (sleep 30 &); sleep 30")
        #expect(eventually { ProcessTree.descendants(of: child.keeperPID).count >= 4 })
        let tree = ProcessTree.descendants(of: child.keeperPID)
        child.killTree()
        #expect(awaitExit(child) == .signaled(.kill))
        #expect(eventually { tree.allSatisfy { !isAlive($0) } })
        child.release(timeout: .seconds(5))
        #expect(!isAlive(child.keeperPID))
    }

    @Test("releasing the keeper (what punctual's death does) kills the whole tree")
    func releaseKills() throws {
        let child = try start("setsid sleep 30 & sleep 30")
        #expect(eventually { ProcessTree.descendants(of: child.keeperPID).count >= 3 })
        let tree = ProcessTree.descendants(of: child.keeperPID)
        child.release(timeout: .seconds(5))
        #expect(eventually { tree.allSatisfy { !isAlive($0) } })
    }

    @Test("a command that cannot be executed is refused with 126 or 127")
    func execFailure() throws {
        #expect {
            try SupervisedChild(
                ProcessLauncher.Command(path: "/nonexistent/x", arguments: ["x"], environment: []), relayOutput: false)
        } throws: { error in (error as? SupervisedChild.SpawnFailure)?.exitCode == 127 }
        #expect {
            try SupervisedChild(
                ProcessLauncher.Command(path: "/etc/hostname", arguments: ["x"], environment: []), relayOutput: false)
        } throws: { error in (error as? SupervisedChild.SpawnFailure)?.exitCode == 126 }
    }

    @Test("relayed output arrives whole and on the right stream, before end of file")
    func relay() throws {
        let child = try start(
            "i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done; echo oops >&2", relay: true)
        let pipes = try #require(child.outputPipes)
        let collector = Collector()
        let relay = try OutputRelay(pipes: pipes, sink: collector) { _, _ in }
        try relay.start()
        #expect(awaitExit(child) == .exited(0))
        #expect(relay.waitUntilDrained(timeout: .seconds(5)))
        child.release(timeout: .seconds(5))
        let (out, err) = collector.collected.withLock { ($0.out, $0.err) }
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2000)
        #expect(lines.last == "line1999")
        #expect(String(decoding: err, as: UTF8.self) == "oops\n")
    }

    @Test("a busy silent child shows in the CPU time of the tree")
    func usage() throws {
        let child = try start("while :; do :; done")
        defer {
            child.killTree()
            child.release(timeout: .seconds(5))
        }
        let first = ProcessTree.usage(under: child.keeperPID)
        #expect(eventually { ProcessTree.usage(under: child.keeperPID).cpuTime >= first.cpuTime + .milliseconds(50) })
        #expect(ProcessTree.descendants(of: child.keeperPID) == [child.pid])
        #expect(ProcessTree.contains(child.pid, under: child.keeperPID))
        #expect(!ProcessTree.contains(getpid(), under: child.keeperPID))
    }
}

final class Collector: OutputSink {
    let collected = Mutex<(out: [UInt8], err: [UInt8])>(([], []))

    func write(_ bytes: UnsafeRawBufferPointer, from stream: StandardStream) {
        collected.withLock { if stream == .stdout { $0.out += bytes } else { $0.err += bytes } }
    }
}
