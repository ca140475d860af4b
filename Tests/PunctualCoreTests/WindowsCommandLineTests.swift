import PunctualCore
import Testing

@Suite("Windows command lines: what CommandLineToArgvW splits back")
struct WindowsCommandLineTests {
    /// CommandLineToArgvW's documented rules for the arguments after the program name: 2n backslashes
    /// before a quote give n and the quote opens or closes; 2n+1 give n and a literal quote; other
    /// backslashes are literal; white space outside quotes separates.
    private func split(_ line: String) -> [String] {
        var arguments: [String] = []
        var current = ""
        var inQuotes = false
        var started = false
        var backslashes = 0
        for character in line {
            if character == "\\" {
                backslashes += 1
                continue
            }
            if character == "\"" {
                current += String(repeating: "\\", count: backslashes / 2)
                if backslashes % 2 == 1 { current += "\"" } else { inQuotes.toggle() }
                started = true
            } else {
                current += String(repeating: "\\", count: backslashes)
                if !inQuotes && (character == " " || character == "\t") {
                    if started { arguments.append(current) }
                    current = ""
                    started = false
                } else {
                    current.append(character)
                    started = true
                }
            }
            backslashes = 0
        }
        current += String(repeating: "\\", count: backslashes)
        if started || backslashes > 0 { arguments.append(current) }
        return arguments
    }

    @Test(
        "every argument comes back as it went in",
        arguments: [
            ["C:\\Program Files\\punctual\\punctual.exe", "run", "--ready", "tcp:127.0.0.1:8080", "--", "server.exe"],
            ["plain", "", "two words", "tab\there"],
            ["say \"hi\"", "\"", "\\\"", "ends with backslash\\", "C:\\dir\\", "a\\\\b", "\\\\server\\share"],
            ["--ready", "log:Listening on \"0.0.0.0\"", "exec:findstr /c:\"ok\" C:\\status.txt"],
        ])
    func roundTrip(arguments: [String]) {
        #expect(split(WindowsCommandLine.join(arguments)) == arguments)
    }

    @Test("arguments without spaces or quotes stay as they are; a path with spaces is quoted once")
    func minimalQuoting() {
        #expect(WindowsCommandLine.quote("C:\\tools\\punctual.exe") == "C:\\tools\\punctual.exe")
        #expect(WindowsCommandLine.quote("C:\\Program Files\\app.exe") == "\"C:\\Program Files\\app.exe\"")
        #expect(WindowsCommandLine.quote("C:\\dir with space\\") == "\"C:\\dir with space\\\\\"")
        #expect(WindowsCommandLine.quote("") == "\"\"")
    }
}
