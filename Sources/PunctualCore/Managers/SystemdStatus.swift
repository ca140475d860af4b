/// A unit's state as `systemctl show` prints it, told in the words `punctual status` uses.
package struct SystemdStatus: Equatable, Sendable {
    /// Each `Key=Value` line.
    package let properties: [String: String]

    package init(showOutput: String) {
        var properties: [String: String] = [:]
        for line in showOutput.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            properties[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        self.properties = properties
    }

    /// What `punctual status NAME` prints: the state, punctual's STATUS= line, the last result.
    package func lines(name: String) -> [String] {
        guard properties["LoadState"] != "not-found" else {
            return ["\(name): not installed (no unit \(name).service)"]
        }
        let active = properties["ActiveState"] ?? "unknown"
        let sub = properties["SubState"].map { " (\($0))" } ?? ""
        let pid = properties["MainPID"].flatMap { $0 == "0" ? nil : ", pid \($0)" } ?? ""
        var lines = ["\(name): \(active)\(sub)\(pid)"]
        if let status = properties["StatusText"], !status.isEmpty { lines.append("  punctual: \(status)") }
        let result = properties["Result"] ?? "unknown"
        let code = properties["ExecMainStatus"].map { ", exit status \($0)" } ?? ""
        lines.append("  last result: \(result)\(code)")
        return lines
    }
}
