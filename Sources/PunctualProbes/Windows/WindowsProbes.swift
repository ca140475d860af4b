#if os(Windows)
    import CPunctualWindows
    import PunctualCore

    /// The readiness probe for `spec` on Windows: the polled probe itself, Windows having no cheaper way
    /// to tell that nothing listens yet.
    package func makeReadinessProbe(_ spec: ProbeSpec, environment: [String]) -> (any PolledProbe)? {
        makePolledProbe(spec, environment: environment)
    }

    /// Builds the probe that checks `spec` on Windows; nil for the kinds that are told, not asked.
    package func makePolledProbe(_ spec: ProbeSpec, environment: [String]) -> (any PolledProbe)? {
        switch spec {
        case .tcp(let endpoint): WindowsTCPProbe(endpoint: endpoint)
        case .http(let target): HTTPProbe(target: target)
        case .redis(let target): RedisProbe(target: target)
        case .postgres(let target): PostgresProbe(target: target)
        case .grpc(let target): GRPCHealthProbe(target: target)
        case .exec(let command): WindowsExecProbe(command: command)
        case .file(let path): WindowsFileProbe(path: path)
        case .log, .notify, .condition: nil
        }
    }

    /// A few words the glue wrote into a C buffer.
    private func detailText(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Passes when a TCP connection to the endpoint succeeds.
    struct WindowsTCPProbe: PolledProbe {
        let endpoint: Endpoint

        func check(timeout: Duration) -> ProbeResult {
            var detail = [CChar](repeating: 0, count: 128)
            let passed = punctual_tcp_check(
                endpoint.host, endpoint.port, UInt32(clamping: timeout.milliseconds), &detail, detail.count)
            return ProbeResult(passed: passed != 0, detail: detailText(detail))
        }
    }

    /// Passes when the path exists.
    struct WindowsFileProbe: PolledProbe {
        let path: String

        func check(timeout: Duration) -> ProbeResult {
            punctual_path_exists(Array(path.utf16) + [0]) != 0
                ? ProbeResult(passed: true, detail: "exists") : ProbeResult(passed: false, detail: "missing")
        }
    }

    /// Passes when `cmd /c COMMAND` exits 0 within the probe timeout; its Job is ended when it does not.
    struct WindowsExecProbe: PolledProbe {
        let command: String

        func check(timeout: Duration) -> ProbeResult {
            var null: UnsafeMutableRawPointer?
            guard punctual_null_handle(&null) == 0, let null else {
                return ProbeResult(passed: false, detail: "cannot open the null device")
            }
            var child: OpaquePointer?
            // /s /c "…": cmd takes everything between the outer quotes as the command, as written.
            let line = Array("cmd.exe /d /s /c \"\(command)\"".utf16) + [0]
            let spawned = punctual_child_spawn(line, nil, nil, null, null, &child)
            punctual_handle_close(null)
            guard spawned == 0, let child else {
                return ProbeResult(passed: false, detail: "cannot run cmd.exe: Win32 error \(spawned)")
            }
            defer { punctual_child_close(child) }
            var code: UInt32 = 0
            guard punctual_child_wait(child, UInt32(clamping: timeout.milliseconds), &code) == 0 else {
                _ = punctual_child_terminate(child, WindowsRunRules.jobEndedExitCode)
                _ = punctual_child_wait(child, 1000, &code)
                return ProbeResult(passed: false, detail: "no exit within \(timeout.humanReadable)")
            }
            return code == 0
                ? ProbeResult(passed: true, detail: "exit 0")
                : ProbeResult(passed: false, detail: "exit \(Int32(bitPattern: code))")
        }
    }
#endif
