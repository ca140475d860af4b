import Glibc
import PunctualSystem
import PunctualTestSupport
import Testing

@Suite("punctual run, end to end, with real children")
struct RunBehaviourTests {
    @Test("the child's exit code passes through; a signal death as 128+n")
    func exitCodes() throws {
        #expect(try PunctualProcess.run(["run", "--", "sh", "-c", "exit 3"]).exitCode == 3)
        #expect(try PunctualProcess.run(["run", "--", "true"]).exitCode == 0)
        #expect(try PunctualProcess.run(["run", "--", "sh", "-c", "kill -USR1 $$"]).exitCode == 138)
    }

    @Test("output passes through on the right stream, inherited or relayed, nothing lost")
    func output() throws {
        let script = "i=0; while [ $i -lt 500 ]; do echo out$i; i=$((i+1)); done; echo err >&2; printf tail"
        for extra in [[], ["--ready", "log:out499"]] {
            let result = try PunctualProcess.run(["run"] + extra + ["--", "sh", "-c", script])
            #expect(result.exitCode == 0)
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.count == 501)
            #expect(lines.last == "tail")
            #expect(result.stderr.contains("err\n"))
            #expect(!result.stdout.contains("punctual"))
        }
    }

    @Test("--working-directory: the program runs there, and a relative program path is taken from there")
    func workingDirectory() throws {
        var template = Array("/tmp/punctual-cwd-XXXXXX".utf8CString)
        let folder = String(cString: mkdtemp(&template))
        defer { _ = Glibc.system("rm -rf '\(folder)'") }
        mkdir(folder + "/bin", 0o755)
        let script = folder + "/bin/where.sh"
        let file = fopen(script, "w")
        fputs("#!/bin/sh\npwd\n", file)
        fclose(file)
        chmod(script, 0o755)
        let result = try PunctualProcess.run(["run", "--working-directory", folder, "--", "./bin/where.sh"])
        #expect(result.exitCode == 0)
        #expect(result.stdout == folder + "\n")
        let inherited = try PunctualProcess.run(["run", "--working-directory", folder + "/bin", "--", "pwd"])
        #expect(inherited.stdout == folder + "/bin\n")
    }

    @Test("a child that ignores the stop signal is killed, tree and all, when the grace ends: exit 137")
    func escalation() throws {
        let tag = uniqueTag()
        let process = try PunctualProcess(
            ["run", "--stop-timeout", "1s", "--", "sh", "-c", "trap '' TERM; sleep 60 & echo started; wait"],
            environment: ["PUNCTUAL_TEST_TAG": tag])
        #expect(process.waitForOutput("started"))
        #expect(eventually { processes(withEnvironment: "PUNCTUAL_TEST_TAG=\(tag)").count >= 3 })
        process.send(SIGTERM)
        let result = process.finish()
        #expect(result.exitCode == 137)
        #expect(result.stderr.contains("did not stop within 1s"))
        #expect(processes(withEnvironment: "PUNCTUAL_TEST_TAG=\(tag)").isEmpty)
    }

    @Test("--stop-signal is what the child gets; ending on it is a clean stop: exit 0")
    func stopSignal() throws {
        let process = try PunctualProcess([
            "run", "--stop-signal", "QUIT", "--", "sh", "-c",
            "trap 'echo got QUIT; exit 0' QUIT; echo up; while :; do sleep 0.05; done",
        ])
        #expect(process.waitForOutput("up"))
        process.send(SIGTERM)
        let result = process.finish()
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("got QUIT"))
    }

    @Test("HUP, USR1 and USR2 reach the child")
    func forwarding() throws {
        let script = "trap 'echo got HUP' HUP; trap 'echo got USR2' USR2; echo up; while :; do sleep 0.05; done"
        let process = try PunctualProcess(["run", "--", "sh", "-c", script])
        #expect(process.waitForOutput("up"))
        process.send(SIGHUP)
        #expect(process.waitForOutput("got HUP"))
        process.send(SIGUSR2)
        #expect(process.waitForOutput("got USR2"))
        process.send(SIGINT)
        #expect(process.finish().exitCode == 0)
    }

    @Test("no process of the tree survives kill -9 of punctual, grandchildren in other sessions included")
    func noOrphans() throws {
        let tag = uniqueTag()
        let script = "sleep 60 & setsid sleep 60 & (sleep 60 &); echo started; wait"
        let process = try PunctualProcess(["run", "--", "sh", "-c", script], environment: ["PUNCTUAL_TEST_TAG": tag])
        #expect(process.waitForOutput("started"))
        #expect(eventually { processes(withEnvironment: "PUNCTUAL_TEST_TAG=\(tag)").count >= 6 })
        process.send(SIGKILL)
        _ = process.finish()
        #expect(eventually(timeout: .seconds(5)) { processes(withEnvironment: "PUNCTUAL_TEST_TAG=\(tag)").isEmpty })
    }

    @Test("a killed keeper: punctual kills the orphaned tree itself and exits 70")
    func keeperKilled() throws {
        let tag = uniqueTag()
        let script = "setsid sleep 60 & sleep 60 & echo started; wait"
        let process = try PunctualProcess(["run", "--", "sh", "-c", script], environment: ["PUNCTUAL_TEST_TAG": tag])
        #expect(process.waitForOutput("started"))
        let children = FileDescriptorIO.readFile("/proc/\(process.pid)/task/\(process.pid)/children") ?? []
        let keeper = try #require(
            String(decoding: children, as: UTF8.self).split(separator: " ").first.flatMap { Int32($0) })
        kill(keeper, SIGKILL)
        let result = process.finish()
        #expect(result.exitCode == 70)
        #expect(result.stderr.contains("lost track"))
        #expect(eventually { processes(withEnvironment: "PUNCTUAL_TEST_TAG=\(tag)").isEmpty })
    }

    @Test("past the startup budget: the reason on stderr, the tree killed, exit 124")
    func startupBudget() throws {
        let tag = uniqueTag()
        let result = try PunctualProcess.run(
            ["run", "--ready", "tcp:127.0.0.1:1", "--startup-budget", "1s", "--", "sh", "-c", "sleep 60 & wait"],
            environment: ["PUNCTUAL_TEST_TAG": tag])
        #expect(result.exitCode == 124)
        #expect(
            result.stderr.contains(
                "startup budget of 1s exceeded; still waiting for tcp:127.0.0.1:1 (connection refused)"))
        #expect(result.elapsed < .seconds(3))
        #expect(processes(withEnvironment: "PUNCTUAL_TEST_TAG=\(tag)").isEmpty)
    }

    @Test("--progress-timeout: a silent idle start fails; one that keeps printing lives until ready")
    func progressTimeout() throws {
        let port = try LoopbackPort.unused()
        let silent = try PunctualProcess.run([
            "run", "--ready", "tcp:127.0.0.1:\(port)", "--progress-timeout", "1s", "--",
            PunctualProcess.executable, "demo-app", "--port", "\(port)", "--init-seconds", "4", "--quiet",
        ])
        #expect(silent.exitCode == 124)
        #expect(silent.stderr.contains("no sign of progress"))
        let chatty = try PunctualProcess(
            [
                "run", "--ready", "tcp:127.0.0.1:\(port)", "--progress-timeout", "1500ms", "--",
                PunctualProcess.executable, "demo-app", "--port", "\(port)", "--init-seconds", "3",
            ])
        #expect(chatty.waitForOutput("ready after"))
        chatty.send(SIGTERM)
        #expect(chatty.finish().exitCode == 0)
    }

    @Test("log: readiness waits for the line; exec: for the command")
    func logAndExec() throws {
        let marker = "/tmp/\(uniqueTag())"
        defer { unlink(marker) }
        let process = try PunctualProcess([
            "run", "--ready", "log:^accepting", "--ready", "exec:test -e \(marker)", "--",
            "sh", "-c", "sleep 0.3; echo accepting now; sleep 0.3; touch \(marker); sleep 60",
        ])
        #expect(process.waitForOutput("ready after"))
        let stderr = process.stderr
        #expect(stderr.contains("log:^accepting (matched \"accepting now\")"))
        #expect(stderr.contains("exec:test -e \(marker) (exit 0)"))
        process.send(SIGTERM)
        #expect(process.finish().exitCode == 0)
    }

    @Test(
        "punctual as PID 1 of a namespace reaps orphans, its own included, and still hears SIGTERM",
        .enabled(if: getuid() == 0, "unshare --pid needs root"))
    func pidOne() throws {
        let script = """
            (sleep 0.1 &); (sleep 0.1 &); sleep 1
            zombies=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '$3 == "Z"' | wc -l); echo zombies=$zombies
            while :; do sleep 0.05; done
            """
        let process = try PunctualProcess(
            ["run", "--ready", "exec:(sleep 0.1 &); sleep 0.2", "--", "sh", "-c", script],
            viaUnshare: true)
        #expect(process.waitForOutput("zombies="))
        #expect(process.stdout.contains("zombies=0"), "got: \(process.stdout)")
        process.send(SIGTERM)
        let result = process.finish()
        #expect(result.exitCode == 0)
    }

}
