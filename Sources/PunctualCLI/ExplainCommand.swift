import ArgumentParser
import PunctualEmulator

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Say what a service manager's error code, event ID or result means, and how to fix it.",
        discussion: """
            Windows error codes (1053, 1067 …) and Service Control Manager event IDs (7000, 7009, 7034 …), \
            systemd results (timeout, watchdog, protocol, start-limit-hit …) and Kubernetes reasons \
            (CrashLoopBackOff, startup-probe …). Case and words such as "error" or "Result:" do not matter.

            EXAMPLES:
              punctual explain 1053
              punctual explain "Result: timeout"
              punctual explain CrashLoopBackOff
              punctual explain --list
            """)

    @Flag(help: "List every topic.")
    var list = false

    @Argument(help: ArgumentHelp("A code, event ID, result or reason.", valueName: "topic"))
    var topic: [String] = []

    func run() throws {
        if list || topic.isEmpty {
            guard list else {
                throw UsageError(
                    message: "no topic given; known topics: \(Self.known)", example: "punctual explain 1053")
            }
            for explanation in ExplanationCatalog.all {
                print("\(explanation.topic)\t\(explanation.family)\t\(explanation.title)")
            }
            return
        }
        let query = topic.joined(separator: " ")
        guard let explanation = ExplanationCatalog.lookup(query) else {
            throw UsageError(
                message: "'\(query)' is not a topic I know; known topics: \(Self.known)",
                example: "punctual explain 1053")
        }
        print(explanation.text, terminator: "")
    }

    static var known: String { ExplanationCatalog.all.map(\.topic).joined(separator: ", ") }
}
