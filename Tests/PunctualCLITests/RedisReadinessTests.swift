import Glibc
import PunctualCore
import PunctualSystem
import PunctualTestSupport
import Synchronization
import Testing

@Suite("punctual run --ready redis:// with a real redis-server")
struct RedisReadinessTests {
    @Test(
        "a dataset that takes seconds to load: READY=1 after it, within 50 ms of the first PONG, its progress in STATUS="
    )
    func loadingDataset() throws {
        let folder = try makeTemporaryDirectory("redis-load")
        defer { removeFlatDirectory(folder) }
        do {
            let maker = try RedisServer(["--enable-debug-command", "yes"], directory: folder)
            #expect(
                maker.command("DEBUG", "POPULATE", "5000000", "key", "200", timeout: .seconds(120)) == .simple("OK"))
            #expect(maker.command("SAVE", timeout: .seconds(120)) == .simple("OK"))
            maker.stop()
        }
        unlink(folder + "/redis.log")
        let port = try LoopbackPort.unused()
        let listener = try NotifyListener()
        let punctual = try PunctualProcess(
            // A generous probe timeout: while loading, Redis answers only between chunks of its load.
            [
                "run", "--ready", "redis://127.0.0.1:\(port)", "--startup-budget", "120s", "--probe-timeout", "5s",
                "--",
                RedisServer.executable,
            ]
                + RedisServer.arguments(port: port, directory: folder),
            environment: listener.environment)
        // A client that pings as fast as it can, as an application waiting for Redis would.
        let client = try FirstReadyWatcher {
            switch RedisServer.command(["PING"], port: port, timeout: .seconds(1)) {
            case .simple("PONG"): true
            case .error(let message) where message.hasPrefix("LOADING"): false
            default: nil
            }
        }
        let messages = listener.timedMessages(until: { $0["READY"] == "1" }, timeout: .seconds(120))
        let wallClockAtReady = WallClock.now() - (ContinuousClock.now - (messages.last?.at ?? .now)).seconds
        client.stop()

        let readyAt = try #require(messages.last { $0.message["READY"] == "1" }?.at, "no READY=1: \(punctual.stderr)")
        let seen = client.seen
        let firstPong = try #require(seen.firstReady, "the client saw no PONG")
        let lastLoading = try #require(
            seen.lastNotReady, "the client never saw the server loading: the load was too quick")
        #expect(readyAt > lastLoading, "READY=1 while the server still answered -LOADING")
        #expect(abs((readyAt - firstPong).seconds) <= 0.050, "READY=1 \(readyAt - firstPong) from the first PONG")

        let percentages = messages.compactMap { $0.message["STATUS"] }.compactMap(Self.loadingPercentage)
        #expect(
            Set(percentages).count >= 2,
            "STATUS= showed the load: \(messages.compactMap { $0.message["STATUS"] })")
        #expect(percentages == percentages.sorted(), "the percentage only rises: \(percentages)")

        let log = String(
            decoding: FileDescriptorIO.readFile(folder + "/redis.log", limit: 1 << 20) ?? [], as: UTF8.self)
        let readyLine = try #require(log.split(separator: "\n").first { $0.contains("Ready to accept connections") })
        let loggedAt = try #require(WallClock.secondsOfDay(inRedisLogLine: readyLine))
        #expect(WallClock.secondsOfDay(wallClockAtReady) >= loggedAt - 0.002, "READY=1 before Redis said it was ready")

        punctual.send(SIGTERM)
        #expect(punctual.finish(timeout: .seconds(30)).exitCode == 0)
    }

    @Test("a wrong password: said once, as a mistake in the probe, the password never shown; the budget still ends it")
    func wrongPassword() throws {
        let server = try RedisServer(["--requirepass", "right"])
        let result = try PunctualProcess.run(
            [
                "run", "--ready", "redis://:wr0ng@127.0.0.1:\(server.port)", "--startup-budget", "2s", "--", "sleep",
                "30",
            ])
        #expect(result.exitCode == 124)
        let told = result.stderr.split(separator: "\n").filter {
            $0.contains("cannot pass as it is set: login refused: WRONGPASS")
        }
        #expect(told.count == 1, "\(result.stderr)")
        #expect(
            result.stderr.contains("is in punctual's command line")
                || !ProcessTableVisibility.commandLinesVisibleToOthers())
        #expect(!result.stderr.contains("wr0ng"), "\(result.stderr)")
    }

    @Test("as a liveness check: Redis gone after ready makes the service unhealthy, stopped, exit 125")
    func liveness() throws {
        let server = try RedisServer()
        let listener = try NotifyListener()
        let punctual = try PunctualProcess(
            [
                "run", "--ready", "redis://127.0.0.1:\(server.port)", "--live", "redis://127.0.0.1:\(server.port)",
                "--live-every", "200ms", "--live-failures", "2", "--stop-timeout", "2s", "--", "sleep", "60",
            ], environment: listener.environment)
        #expect(listener.messages(until: { $0["READY"] == "1" }).last?["READY"] == "1", "\(punctual.stderr)")
        let stopped = ContinuousClock.now
        server.stop()
        let result = punctual.finish(timeout: .seconds(20))
        #expect(result.exitCode == 125, "\(result.stderr)")
        #expect(ContinuousClock.now - stopped < .seconds(5))
        #expect(result.stderr.contains("liveness check 'redis://127.0.0.1:\(server.port)' failed"), "\(result.stderr)")
    }

    @Test("as the kubelet's probe in punctual simulate: a redis-server container becomes Ready")
    func simulatedKubelet() throws {
        let folder = try makeTemporaryDirectory("redis-simulate")
        defer { removeFlatDirectory(folder) }
        let port = try LoopbackPort.unused()
        let result = try PunctualProcess.run(
            [
                "simulate", "--manager", "kubernetes", "--startup-probe", "redis://127.0.0.1:\(port)", "--period",
                "500ms", "--failure-threshold", "10", "--readiness-probe", "redis://127.0.0.1:\(port)", "--",
                RedisServer.executable,
            ] + RedisServer.arguments(port: port, directory: folder))
        #expect(result.exitCode == 0, "\(result.stdout)")
        #expect(result.stdout.contains("Startup probe succeeded"))
        #expect(result.stdout.contains("the pod is Ready"))
    }

    /// `loading dataset 43 %` → 43.
    static func loadingPercentage(_ status: String) -> Int? {
        guard let range = status.firstRange(of: "loading dataset ") else { return nil }
        return Int(status[range.upperBound...].prefix { $0.isNumber })
    }
}

/// The wall clock, to compare with the times in a server's log.
private enum WallClock {
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Seconds since local midnight.
    static func secondsOfDay(_ wall: Double) -> Double {
        var seconds = time_t(wall)
        var local = tm()
        localtime_r(&seconds, &local)
        return Double(local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec) + wall - Double(Int(wall))
    }

    /// `15352:M 07 Dec 2026 01:20:51.888 * Ready to accept connections` → seconds since midnight.
    static func secondsOfDay(inRedisLogLine line: Substring) -> Double? {
        guard let clock = line.split(separator: " ").first(where: { $0.filter { $0 == ":" }.count == 2 }) else {
            return nil
        }
        let parts = clock.split(separator: ":")
        guard parts.count == 3, let hours = Double(parts[0]), let minutes = Double(parts[1]),
            let seconds = Double(parts[2])
        else { return nil }
        return hours * 3600 + minutes * 60 + seconds
    }
}
