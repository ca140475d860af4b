/// What a `redis://` probe sends and how it reads the answers: the same on every system.
package enum RedisExchange {
    /// A command as a RESP array of bulk strings.
    package static func command(_ arguments: [String]) -> [UInt8] {
        var bytes = Array("*\(arguments.count)\r\n".utf8)
        for argument in arguments {
            let utf8 = Array(argument.utf8)
            bytes += Array("$\(utf8.count)\r\n".utf8) + utf8 + [13, 10]
        }
        return bytes
    }

    /// The commands of one attempt: log in if there is a password, then `PING`.
    package static func greeting(user: String?, password: String?) -> [UInt8] {
        guard let password else { return command(["PING"]) }
        return command(["AUTH"] + (user.map { [$0] } ?? []) + [password]) + command(["PING"])
    }

    /// Asked while the server loads, for how far it has come.
    package static let loadingQuestion = command(["INFO", "persistence"])

    /// What the server's answer to `AUTH` (when sent) and `PING` means.
    package enum Verdict: Equatable, Sendable {
        /// `+PONG`: the server serves commands.
        case ready
        /// `-LOADING`: the server loads its dataset; ask how far it has come.
        case loading
        /// Not ready, in a few words (`busy running a script`, `replica without its master`).
        case notReady(String)
        /// The login was refused: a mistake in punctual's settings, not a slow start.
        case refusedLogin(String)
    }

    /// Judges the replies: the `AUTH` reply first when a password was sent, then the `PING` reply.
    package static func verdict(_ replies: [RESPReply], replicaOK: Bool) -> Verdict {
        guard let ping = replies.last else { return .notReady("no answer") }
        for reply in replies {
            if case .error(let message) = reply, let verdict = judge(message, replicaOK: replicaOK) { return verdict }
        }
        switch ping {
        case .simple("PONG"): return .ready
        case .error: return .ready  // a replica without its master, accepted with ?replica-ok
        default: return .notReady("an unexpected answer to PING")
        }
    }

    /// What an error reply means; nil for one that does not stand in the way.
    private static func judge(_ message: String, replicaOK: Bool) -> Verdict? {
        switch message.prefix(while: { $0 != " " }) {
        case "LOADING": .loading
        case "BUSY": .notReady("busy running a script")
        case "MASTERDOWN": replicaOK ? nil : .notReady("a replica whose link to its master is down")
        case "NOAUTH", "WRONGPASS", "NOPERM": .refusedLogin(message)
        case "ERR" where message.contains("AUTH"): .refusedLogin(message)
        default: .notReady("answered -\(message.prefix(80))")
        }
    }

    /// `loading dataset 43 %` from the bulk reply of `INFO persistence`; nil if it says no load runs.
    package static func loadingProgress(_ reply: RESPReply) -> String? {
        guard case .bulk(let body?) = reply else { return nil }
        var fields: [Substring: Substring] = [:]
        for line in String(decoding: body, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon]] = line[line.index(after: colon)...]
        }
        guard fields["loading"] == "1" || fields["async_loading"] == "1" else { return nil }
        guard let percent = fields["loading_loaded_perc"].flatMap({ Double($0) }) else { return "loading dataset" }
        return "loading dataset \(Int(percent.rounded(.down))) %"
    }
}
