import Glibc
import PunctualSystem

/// Waits until `condition` holds, checking every 10 ms for at most `timeout`.
public func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
        nanosleep(&pause, nil)
    }
    return condition()
}

/// Whether a process with this pid exists and is not a zombie.
public func isAlive(_ pid: Int32) -> Bool {
    guard let bytes = FileDescriptorIO.readFile("/proc/\(pid)/stat") else { return false }
    let text = String(decoding: bytes, as: UTF8.self)
    guard let close = text.lastIndex(of: ")") else { return false }
    return !text[text.index(after: close)...].hasPrefix(" Z")
}
