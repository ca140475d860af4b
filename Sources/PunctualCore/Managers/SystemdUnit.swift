/// The systemd unit `punctual install --manager systemd` writes: punctual as the service's main
/// process, with the limits its run settings need.
package struct SystemdUnit: Equatable, Sendable {
    /// Time systemd waits for punctual's first message; its heartbeats extend the start from there.
    package static let startTimeout: Duration = .seconds(10)
    /// Time before a failed service is started again.
    package static let restartDelay: Duration = .seconds(5)
    /// Failed starts in a row after which systemd stops restarting.
    package static let startLimitBurst = 5

    package let name: String
    package var description: String?
    /// punctual's path, `run`, its options, `--` and the program.
    package let execStart: [String]
    package let limits: ManagerLimits
    /// WatchdogSec=: set when the service has liveness checks.
    package var watchdog: Duration?
    package var user: String?
    package var group: String?
    package var workingDirectory: String?
    /// `NAME=VALUE` pairs.
    package var environment: [String] = []
    package var environmentFiles: [String] = []
    /// Units that must be started first.
    package var dependencies: [String] = []
    /// A unit of a user's own manager (`systemctl --user`).
    package var userUnit = false
    /// Where the socket unit NAME.socket listens (`8080`, `127.0.0.1:8080`, `/run/api.sock`); systemd
    /// passes the sockets to punctual, which passes them on to the program.
    package var sockets: [String] = []

    package init(name: String, execStart: [String], limits: ManagerLimits) {
        self.name = name
        self.execStart = execStart
        self.limits = limits
    }

    /// Why `name` cannot name a unit, or nil: systemd's unit names are ASCII letters, digits and
    /// `:_.@-`, at most 255 characters with `.service`.
    package static func problem(withName name: String) -> String? {
        if name.isEmpty { return "the service name is empty" }
        if name.utf8.count + ".service".utf8.count > 255 { return "the service name is longer than systemd allows" }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || ":_.@-".unicodeScalars.contains(scalar))
        }
        return allowed ? nil : "a systemd unit name has only letters, digits and : _ . @ -"
    }

    /// WatchdogSec for liveness checks every `every`, each up to `timeout`, `failures` in a row
    /// making the program unhealthy: longer than punctual's own verdict, so punctual speaks first.
    package static func watchdog(every: Duration, timeout: Duration, failures: Int) -> Duration {
        every * (failures + 1) + timeout
    }

    /// How long the start-rate window is: long enough to hold `startLimitBurst` starts that each use
    /// the whole budget, so that a start that always hangs is given up on too.
    package var startLimitInterval: Duration {
        (limits.startupBudget + Self.restartDelay) * Self.startLimitBurst
    }

    /// The unit file's text.
    package var text: String {
        let dependencyUnits = dependencies.map { $0.contains(".") ? $0 : "\($0).service" }
        var lines = [
            "# Made by punctual install; 'punctual uninstall \(name)' removes it.",
            "# TimeoutStopSec = \(limits.stopWaitSum).",
            "[Unit]",
            "Description=\(Self.escapeSpecifiers(description ?? "\(name), run by punctual"))",
        ]
        let required = dependencyUnits + (sockets.isEmpty ? [] : ["\(name).socket"])
        if !required.isEmpty {
            lines.append("After=\(required.joined(separator: " "))")
            lines.append("Requires=\(required.joined(separator: " "))")
        }
        lines += [
            "StartLimitIntervalSec=\(Self.seconds(startLimitInterval))",
            "StartLimitBurst=\(Self.startLimitBurst)",
            "",
            "[Service]",
            "Type=notify",
            "NotifyAccess=main",
            "ExecStart=\(execStart.map { Self.quote($0) }.joined(separator: " "))",
            "KillMode=mixed",
            "TimeoutStartSec=\(Self.seconds(Self.startTimeout))",
            "TimeoutStopSec=\(limits.stopWaitSeconds)s",
        ]
        if let watchdog { lines.append("WatchdogSec=\(Self.seconds(watchdog))") }
        lines += ["Restart=on-failure", "RestartSec=\(Self.seconds(Self.restartDelay))"]
        if let user { lines.append("User=\(Self.escapeSpecifiers(user))") }
        if let group { lines.append("Group=\(Self.escapeSpecifiers(group))") }
        if let workingDirectory { lines.append("WorkingDirectory=\(Self.escapeSpecifiers(workingDirectory))") }
        lines.append("StateDirectory=\(Self.stateDirectory(name))")
        for pair in environment { lines.append("Environment=\(Self.quote(pair, expandsVariables: false))") }
        for file in environmentFiles { lines.append("EnvironmentFile=\(Self.escapeSpecifiers(file))") }
        lines += ["", "[Install]", "WantedBy=\(userUnit ? "default.target" : "multi-user.target")", ""]
        return lines.joined(separator: "\n")
    }

    /// The socket unit's text, when the service has sockets.
    package var socketText: String? {
        guard !sockets.isEmpty else { return nil }
        var lines = [
            "# Made by punctual install with \(name).service; 'punctual uninstall \(name)' removes both.",
            "[Unit]",
            "Description=The sockets of \(Self.escapeSpecifiers(description ?? name)), passed on by punctual",
            "",
            "[Socket]",
        ]
        lines += sockets.map { "ListenStream=\(Self.escapeSpecifiers($0))" }
        lines += ["", "[Install]", "WantedBy=sockets.target", ""]
        return lines.joined(separator: "\n")
    }

    /// Why `address` cannot be a socket's, or nil: a port, HOST:PORT, [IPv6]:PORT or an absolute path.
    package static func problem(withSocket address: String) -> String? {
        if address.hasPrefix("/") { return address.contains(where: \.isNewline) ? "a path has no line breaks" : nil }
        let port = address.split(separator: ":").last.map(String.init) ?? ""
        guard let number = UInt16(port), number > 0 else {
            return "'\(address)' is not a port, HOST:PORT or an absolute path"
        }
        return address.contains(where: { $0.isWhitespace }) ? "'\(address)' has a space in it" : nil
    }

    /// The state folder systemd makes for the unit (below /var/lib, or a user's ~/.local/state) and
    /// names in `$STATE_DIRECTORY`, where punctual keeps the start history.
    package static func stateDirectory(_ name: String) -> String { "punctual/\(name)" }

    /// Whole seconds, rounded up, with systemd's unit.
    private static func seconds(_ duration: Duration) -> String {
        let whole = duration.components.seconds + (duration.components.attoseconds > 0 ? 1 : 0)
        return "\(whole)s"
    }

    /// `%` is systemd's specifier mark in almost every setting: a plain one is written `%%`.
    private static func escapeSpecifiers(_ text: String) -> String {
        text.replacing("%", with: "%%")
    }

    /// One word of a command line or an Environment= assignment as systemd reads it back: as it is
    /// when it is plain, otherwise in double quotes with C escapes; `%` doubled, and in a command
    /// line `$` doubled, so that neither is expanded.
    package static func quote(_ word: String, expandsVariables: Bool = true) -> String {
        let plain =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy { scalar in
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "_@+=:,./-".unicodeScalars.contains(scalar)
            }
        if plain { return escapeSpecifiers(word) }
        var quoted = "\""
        for character in word {
            switch character {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "%": quoted += "%%"
            case "$" where expandsVariables: quoted += "$$"
            default: quoted.append(character)
            }
        }
        return quoted + "\""
    }
}
