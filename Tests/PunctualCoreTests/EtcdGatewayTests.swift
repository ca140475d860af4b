import PunctualCore
import Testing

@Suite("etcd's JSON gateway, as punctual will speak it to a registry: requests, answers, base64, the URL")
struct EtcdGatewayTests {
    @Test(
        "base64 as RFC 4648 writes it, and back",
        arguments: [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
            ("/services/api", "L3NlcnZpY2VzL2FwaQ=="),
        ])
    func base64(text: String, encoded: String) {
        #expect(Base64.encode(Array(text.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(text.utf8))
    }

    @Test("what is not base64 decodes to nothing", arguments: ["Z", "Zg=", "Zg===", "Zg==Zg==", "Z!==", "ZZZZ="])
    func notBase64(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test("the four requests, with 64-bit IDs as strings and keys and values in base64")
    func requests() {
        #expect(EtcdGateway.grant(ttlSeconds: 10) == .init(path: "/v3/lease/grant", body: "{\"TTL\": 10}"))
        #expect(
            EtcdGateway.put(key: "/s/a", value: "{\"state\":\"RUNNING\"}", lease: 7_587_868_049_416_240_904)
                == .init(
                    path: "/v3/kv/put",
                    body:
                        "{\"key\": \"L3MvYQ==\", \"value\": \"eyJzdGF0ZSI6IlJVTk5JTkcifQ==\", \"lease\": \"7587868049416240904\"}"
                ))
        #expect(EtcdGateway.keepAlive(lease: 5).body == "{\"ID\": \"5\"}")
        #expect(EtcdGateway.revoke(lease: 5).path == "/v3/lease/revoke")
        let http = String(
            decoding: EtcdGateway.http(EtcdGateway.revoke(lease: 5), host: "127.0.0.1:2379"), as: UTF8.self)
        #expect(http.hasPrefix("POST /v3/lease/revoke HTTP/1.1\r\nHost: 127.0.0.1:2379\r\n"))
        #expect(http.hasSuffix("Content-Length: 11\r\nConnection: close\r\n\r\n{\"ID\": \"5\"}"))
    }

    @Test("answers as etcd 3.4 writes them: a grant, a keepalive, a put, a refusal")
    func answers() {
        let header =
            "\"header\":{\"cluster_id\":\"14841639068965178418\",\"member_id\":\"10276657743932975437\",\"revision\":\"4\",\"raft_term\":\"2\"}"
        #expect(
            EtcdGateway.answer("{\(header),\"ID\":\"7587868049416240904\",\"TTL\":\"10\"}")
                == .lease(id: 7_587_868_049_416_240_904, ttl: 10))
        #expect(
            EtcdGateway.answer("{\"result\":{\(header),\"ID\":\"7587868049416240904\",\"TTL\":\"9\"}}")
                == .lease(id: 7_587_868_049_416_240_904, ttl: 9))
        #expect(EtcdGateway.answer("{\(header)}") == .done)
        #expect(
            EtcdGateway.answer(
                "{\"error\":\"etcdserver: requested lease not found\",\"code\":5,\"message\":\"etcdserver: requested lease not found\"}"
            )
                == .refused("etcdserver: requested lease not found"))
        for garbage in ["", "[]", "{", "{\"ID\":}", "{\"ID\":\"1\"", "not json", "{\"a\":[1,2}"] {
            #expect(EtcdGateway.answer(garbage) == nil, "\(garbage)")
        }
    }

    @Test(
        "the value under an instance's key: state and since always, the rest when known, read back by the gateway's reader"
    )
    func record() {
        let starting = RegistryRecord(
            state: .starting, since: 1_800_000_000, phase: "loading \"orders\"",
            progress: "tcp:127.0.0.1:8080 (connection refused)")
        #expect(
            starting.json
                == "{\"state\":\"STARTING\",\"since\":1800000000,\"phase\":\"loading \\\"orders\\\"\",\"progress\":\"tcp:127.0.0.1:8080 (connection refused)\"}"
        )
        let running = RegistryRecord(state: .running, since: 1_800_000_012, address: "10.0.0.7:8080")
        #expect(running.json == "{\"state\":\"RUNNING\",\"since\":1800000012,\"address\":\"10.0.0.7:8080\"}")
        let put = EtcdGateway.put(key: "/s/a", value: running.json, lease: 1)
        let value = put.body.split(separator: "\"")[7]
        #expect(Base64.decode(String(value)).map { String(decoding: $0, as: UTF8.self) } == running.json)
    }

    @Test("registry URLs: endpoints, the prefix, TLS, a password never in the URL")
    func targets() throws {
        let target = try RegistryTarget.parse(
            "etcds://svc@10.0.0.1:2379,10.0.0.2,[::1]:2380/services/api/?ca=/etc/ca.pem&password-env=ETCD_PASSWORD")
        #expect(target.endpoints.map(\.description) == ["10.0.0.1:2379", "10.0.0.2:2379", "[::1]:2380"])
        #expect(target.prefix == "/services/api")
        #expect(target.key(instance: "web-1-412") == "/services/api/web-1-412")
        #expect(target.tls?.caFile == "/etc/ca.pem")
        #expect(target.user == "svc" && target.password == .environment("ETCD_PASSWORD"))
        for (text, reason) in [
            ("consul://127.0.0.1:8500/x", "a registry is etcd://"),
            ("etcd://root:secret@127.0.0.1:2379/x", "a password in the URL is visible"),
            ("etcd://127.0.0.1:2379", "the key prefix is missing"),
            ("etcd://127.0.0.1:99999/x", "is not a port"),
            ("etcd://127.0.0.1:2379/x?ca=/c.pem", "ca=, cert= and key= are for etcds://"),
            ("etcds://127.0.0.1:2379/x?cert=/c.pem", "takes both cert=FILE and key=FILE"),
            ("etcd://127.0.0.1:2379/x?ttl=5", "'ttl' is not a setting"),
            ("etcd://127.0.0.1:2379/x?password-env=P", "a password needs a user"),
        ] {
            #expect(throws: RegistryTarget.Failure.self) { try RegistryTarget.parse(text) }
            do {
                _ = try RegistryTarget.parse(text)
            } catch {
                #expect(error.reason.contains(reason), "\(text): \(error.reason)")
                #expect(!error.text.contains("secret"))
            }
        }
    }

    @Test("whole answers as etcd 3.4's gateway sends them: with a length, chunked, and chunked with a trailer")
    func responses() {
        let length = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"header\":{}}"
        #expect(GatewayResponse(Array(length.utf8)) == .some(.init(status: 200, body: "{\"header\":{}}")))
        let chunked =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n{\"ID\":\"\r\n6;x=y\r\n5\"}\n\r\n\r\n0\r\n\r\n"
        #expect(GatewayResponse(Array(chunked.utf8))?.body == "{\"ID\":\"5\"}\n\r\n")
        let trailer =
            "HTTP/1.1 404 Not Found\r\nTrailer: Grpc-Trailer-Content-Type\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "2\r\n{}\r\n0\r\nGrpc-Trailer-Content-Type: application/grpc\r\n\r\n"
        #expect(GatewayResponse(Array(trailer.utf8)) == .some(.init(status: 404, body: "{}")))
        #expect(GatewayResponse(Array("HTTP/1.1 200 OK\r\nAuthorization: x".utf8)) == nil, "the head unfinished")
        #expect(GatewayResponse(Array(length.utf8.dropLast())) == nil, "shorter than its length")
        #expect(GatewayResponse(Array(chunked.utf8.dropLast(7))) == nil, "the last chunk not come")
        #expect(GatewayResponse(Array("SSH-2.0-OpenSSH_9.2\r\n\r\n".utf8)) == nil, "not HTTP")
    }

    @Test("a login and a token: the password only in the body, the token as Authorization")
    func login() {
        let request = EtcdGateway.authenticate(user: "svc", password: "p\"w")
        #expect(request == .init(path: "/v3/auth/authenticate", body: "{\"name\": \"svc\", \"password\": \"p\\\"w\"}"))
        let http = String(
            decoding: EtcdGateway.http(EtcdGateway.grant(ttlSeconds: 10), host: "h:1", token: "tok.1"), as: UTF8.self)
        #expect(http.contains("\r\nAuthorization: tok.1\r\n"))
        #expect(EtcdGateway.answer("{\"header\":{\"revision\":\"3\"},\"token\":\"tok.1\"}") == .token("tok.1"))
    }
}
