import Glibc
import PunctualSystem

/// Runs a command to its end, its output discarded; its exit code (128 + the signal if one ended it,
/// -1 if it outlived `timeout` and was killed).
@discardableResult
public func runToEnd(_ arguments: [String], timeout: Duration = .seconds(120)) throws -> Int32 {
    var command = ProcessLauncher.Command(path: arguments[0], arguments: arguments, environment: currentEnvironment())
    command.stdin = .null
    command.stdout = .null
    command.stderr = .null
    let watch = try ProcessLauncher.launch(command)
    guard let status = watch.wait(timeout: timeout) else {
        kill(watch.pid, SIGKILL)
        _ = watch.wait(timeout: .seconds(5))
        return -1
    }
    return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}

/// The python3 found on PATH, the one `scripts/test.sh` installs grpcio for.
public let python3 = (try? ExecutableLookup.resolve("python3", searchPath: environmentValue("PATH"))) ?? "python3"

/// A new folder under /tmp whose name starts with `prefix`.
public func makeTemporaryDirectory(_ prefix: String) throws -> String {
    var template = Array("/tmp/punctual-\(prefix)-XXXXXX".utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
        throw SystemError("mkdtemp")
    }
    return String(cString: made)
}

/// The names in a folder, without `.` and `..`, sorted; nil when it cannot be read.
public func directoryEntries(_ path: String) -> [String]? {
    guard let folder = opendir(path) else { return nil }
    defer { closedir(folder) }
    var names: [String] = []
    while let entry = readdir(folder) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

/// Removes a folder that holds files only.
public func removeFlatDirectory(_ path: String) {
    for name in directoryEntries(path) ?? [] { unlink(path + "/" + name) }
    rmdir(path)
}
