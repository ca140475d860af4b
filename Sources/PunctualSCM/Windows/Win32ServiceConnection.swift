#if os(Windows)
    import CPunctualWindows
    import PunctualCore

    /// The real SCM, through the glue: the same interface as the emulated SCM, so the status mapping and
    /// start strategies proven against the emulator are the ones that run.
    package final class Win32ServiceConnection: SCMServiceConnection {
        /// How long to wait for ServiceMain to register the handler.
        private static let connectTimeoutMilliseconds: UInt32 = 10_000

        package init() {}

        package func connect(serviceName: String, handler: @escaping @Sendable (ServiceControl) -> Bool) throws {
            let strings = WideStrings()
            // Alive until the calls below have read its buffers.
            defer { withExtendedLifetime(strings) {} }
            // The handler lives as long as the process: the SCM may call it until the final STOPPED.
            let box = Unmanaged.passRetained(ControlHandler(handler)).toOpaque()
            let code = punctual_service_connect(
                strings.make(serviceName),
                { control, context in
                    guard let context, let control = ServiceControl(rawValue: control) else { return 0 }
                    return Unmanaged<ControlHandler>.fromOpaque(context).takeUnretainedValue().handle(control) ? 1 : 0
                }, box, Self.connectTimeoutMilliseconds)
            try Win32Error.check(code, "StartServiceCtrlDispatcherW for \(serviceName)")
        }

        /// The name the SCM started this service under; nil before ``connect(serviceName:handler:)`` succeeded.
        package var registeredName: String? {
            var buffer = [UInt16](repeating: 0, count: 257)
            guard punctual_service_registered_name(&buffer, UInt32(buffer.count)) == 0 else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }, as: UTF16.self)
        }

        package func setStatus(_ status: ServiceStatus) throws {
            var raw = punctual_service_status(
                state: status.state.rawValue, controls_accepted: status.controlsAccepted.rawValue,
                win32_exit_code: status.win32ExitCode, service_specific_exit_code: status.serviceSpecificExitCode,
                check_point: status.checkPoint, wait_hint_ms: status.waitHintMilliseconds)
            try Win32Error.check(punctual_service_set_status(&raw), "SetServiceStatus \(status)")
        }
    }

    /// The Swift handler behind the glue's C callback.
    private final class ControlHandler: Sendable {
        let handle: @Sendable (ServiceControl) -> Bool

        init(_ handle: @escaping @Sendable (ServiceControl) -> Bool) { self.handle = handle }
    }
#endif
