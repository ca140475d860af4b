// libFuzzer's entry point over the decoders of what servers answer probes, the probe parser, the
// service file's reader and its checks, the start history's reader, etcd's gateway answers and the
// --registry URL, notify datagrams, durations and the emulated SCM's wire format:
// every input must end in a value or a refusal, never a crash. scripts/fuzz.sh builds it together
// with PunctualCore's sources and runs it once per target, named in $PUNCTUAL_FUZZ_TARGET.

#if canImport(Glibc)
    import Glibc
#endif

private let target = getenv("PUNCTUAL_FUZZ_TARGET").map { String(cString: $0) } ?? ""

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch target {
    case "resp": _ = RESPReply.parse(bytes[...])
    case "postgres": _ = PostgresExchange.answer(bytes[...])
    case "grpc": _ = GRPCHealthExchange.read(bytes[...])
    case "probe-spec": _ = try? ProbeSpecParser.parse(String(decoding: bytes, as: UTF8.self))
    case "service-file":
        if let document = try? ServiceFileDocument.parse(String(decoding: bytes, as: UTF8.self)) {
            _ = try? ServiceFile(document, environment: { $0 == "SET" ? "value" : nil })
        }
    case "start-history": _ = StartHistory(text: String(decoding: bytes, as: UTF8.self)).proposedBudget
    case "etcd-answer":
        if let response = GatewayResponse(bytes) { _ = EtcdGateway.answer(response.body) }
        _ = EtcdGateway.answer(String(decoding: bytes, as: UTF8.self))
    case "registry-url": _ = try? RegistryTarget.parse(String(decoding: bytes, as: UTF8.self))
    case "notify":
        let message = NotifyMessage(datagram: bytes)
        _ = (message.extendTimeout, message.isReady, message.datagram)
    case "duration": _ = try? DurationParser.parse(String(decoding: bytes, as: UTF8.self))
    case "scm-wire":
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            if let message = SCMWireMessage(line: line) { _ = SCMWireMessage(line: message.line) }
        }
    default:
        fatalError(
            "PUNCTUAL_FUZZ_TARGET is '\(target)': set it to resp, postgres, grpc, probe-spec, service-file, start-history, etcd-answer, registry-url, notify, duration or scm-wire"
        )
    }
    return 0
}
