import Glibc
import PunctualSystem

/// A real gRPC server with the standard health service (Python's grpcio and grpcio-health-checking),
/// on a free loopback port, for tests. Lines written to it set a status: `NOT_SERVING orders`.
public final class GRPCHealthServer {
    public let port: UInt16
    private let watch: ExitWatch
    private let commands: Int32

    /// The server as a program: `python3 -c SCRIPT PORT [SERVICE SECONDS]` serves on PORT; with SERVICE,
    /// that service is NOT_SERVING for SECONDS, then SERVING. It reads `STATUS [SERVICE]` lines on stdin.
    public static let script = """
        import os, sys, threading, time, grpc
        from concurrent import futures
        from grpc_health.v1 import health, health_pb2, health_pb2_grpc
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        servicer = health.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
        if os.environ.get("TEST_TLS_CERT"):
            pair = (open(os.environ["TEST_TLS_KEY"], "rb").read(), open(os.environ["TEST_TLS_CERT"], "rb").read())
            server.add_secure_port("127.0.0.1:%s" % sys.argv[1], grpc.ssl_server_credentials([pair]))
        else:
            server.add_insecure_port("127.0.0.1:%s" % sys.argv[1])
        if len(sys.argv) > 3:
            service, seconds = sys.argv[2], float(sys.argv[3])
            servicer.set(service, health_pb2.HealthCheckResponse.NOT_SERVING)
            def later():
                time.sleep(seconds)
                servicer.set(service, health_pb2.HealthCheckResponse.SERVING)
                print("serving " + service, flush=True)
            threading.Thread(target=later, daemon=True).start()
        server.start()
        print("listening", flush=True)
        for line in sys.stdin:
            status, _, name = line.strip().partition(" ")
            servicer.set(name, getattr(health_pb2.HealthCheckResponse, status))
        server.wait_for_termination()
        """

    /// The command that runs the server program.
    public static func command(port: UInt16, notServingFor service: String? = nil, seconds: Double = 0) -> [String] {
        [python3, "-c", script, "\(port)"] + (service.map { [$0, "\(seconds)"] } ?? [])
    }

    /// A server on a plain port, or with `tls` (a certificate and its key) on a TLS port.
    public init(tls: (certificate: String, key: String)? = nil) throws {
        port = try LoopbackPort.unused()
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else { throw SystemError("pipe") }
        var command = ProcessLauncher.Command(
            path: python3, arguments: Self.command(port: port),
            environment: currentEnvironment()
                + (tls.map { ["TEST_TLS_CERT=\($0.certificate)", "TEST_TLS_KEY=\($0.key)"] } ?? []))
        command.stdin = .descriptor(pipe[0])
        command.stdout = .null
        watch = try ProcessLauncher.launch(command)
        close(pipe[0])
        commands = pipe[1]
        let port = port
        guard eventually(timeout: .seconds(30), { connectToLoopback(port: Int(port)).map { close($0) } != nil }) else {
            throw SystemError(
                "the gRPC health server did not listen within 30 s (are grpcio and grpcio-health-checking installed? scripts/test.sh installs them)",
                code: ETIMEDOUT)
        }
    }

    /// Sets `service`'s status (`SERVING`, `NOT_SERVING`); an empty service is the whole server.
    public func set(_ status: String, for service: String = "") {
        FileDescriptorIO.writeAll(commands, "\(status) \(service)\n")
    }

    deinit {
        close(commands)
        kill(watch.pid, SIGKILL)
        _ = watch.wait(timeout: .seconds(5))
    }
}
