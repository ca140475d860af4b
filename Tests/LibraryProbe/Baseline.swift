import Glibc
import Logging
import ServiceLifecycle

/// The benchmark's baseline: the same service in swift-service-lifecycle's own `ServiceGroup`, which
/// tells systemd it is ready itself, as soon as it runs. Returns the exit status.
func runBaseline(logger: Logger) async -> Int32 {
    let group = ServiceGroup(
        configuration: .init(
            services: [ReadyAnnouncer(), SlowStoppingService(stopSeconds: 0)], gracefulShutdownSignals: [.sigterm],
            logger: logger))
    do {
        try await group.run()
        return 0
    } catch {
        say("baseline: \(error)")
        return 1
    }
}

/// Sends `READY=1` to `$NOTIFY_SOCKET` when it starts, then waits for the group's shutdown.
struct ReadyAnnouncer: Service {
    func run() async throws {
        notify("READY=1")
        try? await gracefulShutdown()
    }

    private func notify(_ message: String) {
        guard let path = getenv("NOTIFY_SOCKET").map({ String(cString: $0) }), !path.isEmpty else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var name = Array(path.utf8)
        if name.first == UInt8(ascii: "@") { name[0] = 0 }
        let length = min(name.count, MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: name[..<length]) }
        let size = socklen_t(MemoryLayout<sa_family_t>.size + length)
        _ = Array(message.utf8).withUnsafeBytes { bytes in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, bytes.baseAddress, bytes.count, 0, $0, size)
                }
            }
        }
    }
}
