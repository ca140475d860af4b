import Glibc
import PunctualSystem

/// A loopback port that refuses connections for as long as this lives: bound, never listening, so
/// no other test's server can take it meanwhile (a port merely found free can be).
public final class ClosedPort {
    public let port: UInt16
    private let fd: Int32

    public init() throws {
        (fd, port) = try LoopbackPort.bound()
    }

    deinit { close(fd) }
}
