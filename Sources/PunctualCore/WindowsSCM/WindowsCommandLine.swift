/// One Windows command line from a list of arguments, quoted so that `CommandLineToArgvW` and the C
/// runtime split it back into exactly those arguments: a service's `ImagePath` is such a line.
package enum WindowsCommandLine {
    /// The arguments, each quoted as needed, separated by spaces.
    package static func join(_ arguments: [String]) -> String {
        arguments.map(quote).joined(separator: " ")
    }

    /// `argument` as it must appear on a command line: unchanged when it has no space, tab or quote,
    /// else in quotes, with each quote and the backslashes before a quote or the end escaped.
    package static func quote(_ argument: String) -> String {
        guard argument.isEmpty || argument.contains(where: { " \t\n\u{0B}\"".contains($0) }) else { return argument }
        var quoted = "\""
        var backslashes = 0
        for character in argument {
            if character == "\\" {
                backslashes += 1
                continue
            }
            if character == "\"" {
                quoted += String(repeating: "\\", count: backslashes * 2 + 1) + "\""
            } else {
                quoted += String(repeating: "\\", count: backslashes) + String(character)
            }
            backslashes = 0
        }
        return quoted + String(repeating: "\\", count: backslashes * 2) + "\""
    }
}
