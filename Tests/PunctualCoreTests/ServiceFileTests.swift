import PunctualCore
import Testing

@Suite("Service files: TOML read with its lines, keys checked against punctual run's flags")
struct ServiceFileTests {
    private static func file(_ text: String, environment: [String: String] = [:]) throws(ServiceFileError)
        -> ServiceFile
    {
        try ServiceFile(ServiceFileDocument.parse(text), environment: { environment[$0] })
    }

    private static func failure(_ text: String, environment: [String: String] = [:]) -> ServiceFileError? {
        do {
            _ = try file(text, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test("a whole file: arrays across lines, comments, both kinds of string, numbers, escapes")
    func wholeFile() throws {
        let text = """
            # the orders API
            command = [
                "./server",   # the program
                "--port", '8080',
                "--greeting", "caf\\u00e9 \\"open\\"",
            ]
            ready = ["tcp:127.0.0.1:8080", 'file:/run/api/ready',]
            "startup-budget" = "5m"   # quoted keys too
            live-failures = 1_0
            health-port = 8081
            working-directory = 'C:\\srv\\api'
            """
        let parsed = try Self.file(text)
        #expect(
            parsed.command
                == ServiceFile.Command(
                    arguments: ["./server", "--port", "8080", "--greeting", "café \"open\""], line: 2))
        #expect(
            parsed.settings.map(\.key.name) == [
                "ready", "startup-budget", "live-failures", "health-port", "working-directory",
            ])
        #expect(
            parsed.settings.map(\.values) == [
                ["tcp:127.0.0.1:8080", "file:/run/api/ready"], ["5m"], ["10"], ["8081"], ["C:\\srv\\api"],
            ])
        #expect(parsed.settings.map(\.line) == [7, 8, 9, 10, 11])
    }

    @Test("an empty file, and one of comments only, set nothing")
    func empty() throws {
        #expect(try Self.file("").settings.isEmpty)
        #expect(try Self.file("# nothing\n\n   # at all\r\n").command == nil)
    }

    @Test("a repeatable key takes one string or an array; ${VAR} comes from the environment, $$ is a $")
    func valuesAndEnvironment() throws {
        let parsed = try Self.file(
            """
            live = "http://127.0.0.1:${PORT}/healthz"
            log-file = "${LOGS}/out-$$.log"
            """, environment: ["PORT": "9090", "LOGS": "/var/log/api"])
        #expect(parsed.settings[0].values == ["http://127.0.0.1:9090/healthz"])
        #expect(parsed.settings[1].values == ["/var/log/api/out-$.log"])
    }

    @Test(
        "every mistake names its line and key, with a correct example",
        arguments: [
            (
                "stop-timeout = \"30s\"\nstartup_budget = \"5m\"", 2, "startup_budget",
                "unknown key (did you mean startup-budget?)"
            ),
            ("readyy = [\"tcp:127.0.0.1:80\"]", 1, "readyy", "unknown key (did you mean ready?)"),
            ("banana = 1", 1, "banana", "unknown key: the keys are punctual run's flags"),
            ("\n\nstartup-budget = \"5x\"", 3, "startup-budget", "'5x' is not a duration"),
            ("stop-timeout = 30", 1, "stop-timeout", "a duration is a string with its unit"),
            ("live-failures = \"3\"", 1, "live-failures", "is a number, without quotes; a string is not"),
            ("live-failures = 0", 1, "live-failures", "must be above zero"),
            ("health-port = 70000", 1, "health-port", "70000 is not a port"),
            ("log-level = true", 1, "log-level", "is a string; true or false is not"),
            ("stop-signal = \"TERMINATE\"", 1, "stop-signal", "'TERMINATE' is not a signal"),
            ("ready = [\"tcp:127.0.0.1:80\", \"smoke:signals\"]", 1, "ready", "'smoke:signals' is not a probe"),
            ("stop-timeout = [\"30s\"]", 1, "stop-timeout", "takes one value, not an array"),
            ("command = \"./server --port 8080\"", 1, "command", "is an array of the program and its arguments"),
            ("command = []", 1, "command", "names no program"),
            ("command = [\"./server\", 8080]", 1, "command", "each argument is a string; a number is not"),
            (
                "log-file = \"/var/log\nlog-keep = 3", 1, "log-file",
                "the string is not closed before the end of the line"
            ),
            ("command = [\"./server\",\n\"--port\"\n", 1, "command", "the array opened here is not closed with ]"),
            ("command = [\"a\" \"b\"]", 1, "command", "separated by commas"),
            ("log-keep = 3\nlog-keep = 4", 2, "log-keep", "given twice (first on line 1)"),
            ("[service]\nready = []", 1, nil, "a service file has no tables"),
            ("stop.timeout = \"3s\"", 1, "stop", "dotted keys are not used"),
            ("live-failures = 2.5", 1, "live-failures", "only whole numbers"),
            ("log-level = debug", 1, "log-level", "'debug' is not a value: text goes in quotes"),
            ("stop-timeout = 30s", 1, "stop-timeout", "'30s' is not a value: text goes in quotes"),
            ("log-file = \"\"\"a\"\"\"", 1, "log-file", "multi-line strings are not used"),
            ("health-host = {a = 1}", 1, "health-host", "inline tables are not used"),
            ("log-file = \"C:\\logs\"", 1, "log-file", "\\l is not an escape of TOML"),
            ("log-file = \"\\u12\"", 1, "log-file", "a \\u escape takes 4 hex digits"),
            ("log-level =", 1, "log-level", "the value is missing"),
            ("log-level = \"info\" \"debug\"", 1, "log-level", "one value per line"),
            ("= 3", 1, nil, "a line starts with a key"),
            ("log-file = \"${LOGS}/out.log\"", 1, "log-file", "${LOGS} is not set in the environment"),
            ("log-file = \"$LOGS/out.log\"", 1, "log-file", "a $ starts ${NAME}; write $$ for a plain $"),
        ] as [(String, Int, String?, String)])
    func mistakes(text: String, line: Int, key: String?, message: String) throws {
        let error = try #require(Self.failure(text))
        #expect(error.line == line)
        #expect(error.key == key)
        #expect(error.message.contains(message), "\(error.message)")
        #expect(!error.example.isEmpty)
        #expect(error.located(in: "api.toml").hasPrefix("api.toml:\(line): \(key.map { "\($0): " } ?? "")"))
    }

    @Test("every key is a flag of punctual run, each with an example that is itself a valid file")
    func examplesParse() throws {
        for key in ServiceFileKeys.run {
            let parsed = try Self.file(key.example)
            #expect(parsed.settings.map(\.key) == [key], "\(key.example)")
        }
    }

    @Test("20,000 seeded garbage files: an answer or an error with a line, never a crash")
    func garbage() {
        var generator = SplitMix(seed: 0x70F1)
        let alphabet = Array("ab=\"'[],#\\ \n\t0123456789-_.{}$u".utf8)
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 60)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            do throws(ServiceFileError) {
                _ = try ServiceFileDocument.parse(String(decoding: bytes, as: UTF8.self))
            } catch {
                #expect(error.line >= 1 && error.line <= bytes.count + 1)
            }
        }
    }
}
