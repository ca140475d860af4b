import Glibc
import PunctualSystem

/// An HTTPS server on a free loopback port with a self-signed certificate made for the test (by the
/// `openssl` command), answering 200 to every GET; killed and removed when released.
public final class TLSServer {
    public let port: UInt16
    /// The certificate, to trust with `?ca=`.
    public let certificate: String
    private let directory: String
    private let watch: ExitWatch

    static let script = """
        import http.server, ssl, sys
        class Answer(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            def log_message(self, *arguments):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Answer)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.serve_forever()
        """

    /// A server whose certificate names `names` (`DNS:localhost`, `IP:127.0.0.1`).
    public init(names: [String] = ["DNS:localhost", "IP:127.0.0.1"]) throws {
        directory = try makeTemporaryDirectory("tls")
        let key: String
        (certificate, key) = try Self.makeCertificate(in: directory, names: names)
        port = try LoopbackPort.unused()
        var command = ProcessLauncher.Command(
            path: python3, arguments: [python3, "-c", Self.script, "\(port)", certificate, key],
            environment: currentEnvironment())
        command.stdin = .null
        watch = try ProcessLauncher.launch(command)
        let port = port
        guard eventually(timeout: .seconds(30), { connectToLoopback(port: Int(port)).map { close($0) } != nil }) else {
            throw SystemError("the HTTPS server did not listen within 30 s", code: ETIMEDOUT)
        }
    }

    /// A self-signed certificate and its key, made by `openssl` in `directory`, naming `names`.
    public static func makeCertificate(in directory: String, names: [String]) throws -> (
        certificate: String, key: String
    ) {
        let certificate = directory + "/certificate.pem"
        let key = directory + "/key.pem"
        let made = try runToEnd([
            "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
            "-days", "2", "-subj", "/CN=punctual-test", "-addext", "subjectAltName=" + names.joined(separator: ","),
        ])
        guard made == 0 else { throw SystemError("openssl req exited with \(made)", code: EIO) }
        return (certificate, key)
    }

    deinit {
        kill(watch.pid, SIGKILL)
        _ = watch.wait(timeout: .seconds(5))
        removeFlatDirectory(directory)
    }
}
