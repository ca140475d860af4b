#if os(Windows)
    import CPunctualWindows
    import PunctualCore
    import WinSDK

    /// The control program's calls, through the glue: what `punctual install`, `uninstall`, `start`,
    /// `stop` and `status` do on Windows. Every decision is made before, in platform-neutral code.
    package enum WindowsServiceManager {
        /// `%ProgramData%`, where the default log folders go.
        package static var programData: String {
            var buffer = [UInt16](repeating: 0, count: 1024)
            let found = punctual_environment_value(Array("ProgramData".utf16) + [0], &buffer, UInt32(buffer.count)) == 0
            let value = String(decoding: buffer.prefix { $0 != 0 }, as: UTF16.self)
            return found && !value.isEmpty ? value : "C:\\ProgramData"
        }

        /// This executable's full path, for a service's command line.
        package static var executablePath: String {
            var buffer = [UInt16](repeating: 0, count: 32768)
            let count = Int(GetModuleFileNameW(nil, &buffer, DWORD(buffer.count)))
            return String(decoding: buffer[..<count], as: UTF16.self)
        }

        /// Creates the service; returns what could not be set up and was skipped.
        package static func install(_ plan: ServiceInstallPlan, password: String?) throws -> [String] {
            let strings = WideStrings()
            // Alive until the calls below have read its buffers.
            defer { withExtendedLifetime(strings) {} }
            let folders = WindowsRunRules.defaultLogFolders(service: plan.name, programData: programData)
            if plan.usesDefaultLog {
                try Win32Error.check(
                    punctual_log_folder_check(strings.make(folders.root), strings.make(folders.folder)),
                    "using \(folders.folder), which another user made (remove it, or give --log-file)")
            }
            let actions = plan.failureActions.map {
                punctual_failure_action(type: $0.kind.win32Value, delay_ms: UInt32(clamping: $0.delay.milliseconds))
            }
            var unsupported: UInt32 = 0
            let code = actions.withUnsafeBufferPointer { actions in
                var config = punctual_service_config(
                    name: strings.make(plan.name), display_name: strings.make(plan.displayName),
                    description: strings.make(plan.description), command_line: strings.make(plan.commandLine),
                    start_type: startType(plan.startType), account: strings.make(plan.account),
                    password: strings.make(password), dependencies: strings.list(plan.dependencies),
                    failure_actions: actions.baseAddress, failure_action_count: UInt32(actions.count),
                    failure_reset_seconds: UInt32(clamping: plan.failureResetPeriod.components.seconds),
                    failure_command: strings.make(plan.failureCommand),
                    failure_actions_on_non_crash: plan.failureActionsOnNonCrash ? 1 : 0,
                    preshutdown_timeout_ms: UInt32(clamping: plan.preshutdownTimeout?.milliseconds ?? 0))
                return punctual_scm_install(&config, &unsupported)
            }
            try Win32Error.check(code, "CreateServiceW \(plan.name)")
            let names: [(UInt32, String)] = [
                (1, "the description"), (2, "a delayed start"), (4, "failure actions"),
                (8, "recovery on a stop with an error"), (16, "the preshutdown timeout"),
            ]
            var skipped = names.filter { unsupported & $0.0 != 0 }.map(\.1)
            if plan.usesDefaultLog {
                let made = punctual_log_folder_make(
                    strings.make(folders.root), strings.make(folders.folder), strings.make(plan.account))
                if made != 0 { skipped.append("a log folder only the service may use (Win32 error \(made))") }
            }
            // Punctual's own messages go to the Event Log under the service's name; without the
            // source they go only to its log file, which is no reason to undo the install.
            if punctual_event_source_install(strings.make(plan.name)) != 0 { skipped.append("an Event Log source") }
            return skipped
        }

        package static func uninstall(_ name: String) throws {
            let strings = WideStrings()
            // Alive until the calls below have read its buffers.
            defer { withExtendedLifetime(strings) {} }
            try Win32Error.check(punctual_scm_uninstall(strings.make(name), 30_000), "DeleteService \(name)")
            _ = punctual_event_source_uninstall(strings.make(name))
        }

        package static func start(_ name: String) throws {
            let strings = WideStrings()
            // Alive until the calls below have read its buffers.
            defer { withExtendedLifetime(strings) {} }
            try Win32Error.check(punctual_scm_start(strings.make(name), 0, nil), "StartServiceW \(name)")
        }

        package static func control(_ name: String, _ control: ServiceControl) throws {
            let strings = WideStrings()
            // Alive until the calls below have read its buffers.
            defer { withExtendedLifetime(strings) {} }
            try Win32Error.check(
                punctual_scm_control(strings.make(name), control.rawValue, nil), "ControlService \(name) \(control)")
        }

        /// The service's status and process ID.
        package static func query(_ name: String) throws -> (ServiceStatus, UInt32) {
            let strings = WideStrings()
            // Alive until the calls below have read its buffers.
            defer { withExtendedLifetime(strings) {} }
            var state = punctual_service_state()
            try Win32Error.check(punctual_scm_query(strings.make(name), &state), "QueryServiceStatusEx \(name)")
            let raw = state.status
            let status = ServiceStatus(
                state: ServiceState(rawValue: raw.state) ?? .stopped,
                controlsAccepted: AcceptedControls(rawValue: raw.controls_accepted),
                win32ExitCode: raw.win32_exit_code, serviceSpecificExitCode: raw.service_specific_exit_code,
                checkPoint: raw.check_point, waitHintMilliseconds: raw.wait_hint_ms)
            return (status, state.process_id)
        }

        /// The configuration as `key=value` lines.
        package static func describe(_ name: String) throws -> String {
            let strings = WideStrings()
            // Alive until the calls below have read its buffers.
            defer { withExtendedLifetime(strings) {} }
            var text = [UInt16](repeating: 0, count: 16384)
            try Win32Error.check(
                punctual_scm_describe(strings.make(name), &text, UInt32(text.count)), "QueryServiceConfigW \(name)")
            return String(decoding: text.prefix { $0 != 0 }, as: UTF16.self)
        }

        /// Sleeps the calling thread.
        package static func sleep(_ duration: Duration) { Sleep(DWORD(clamping: duration.milliseconds)) }

        private static func startType(_ type: ServiceInstallPlan.StartType) -> UInt32 {
            switch type {
            case .auto: UInt32(PUNCTUAL_START_AUTO)
            case .delayedAuto: UInt32(PUNCTUAL_START_DELAYED_AUTO)
            case .demand: UInt32(PUNCTUAL_START_DEMAND)
            case .disabled: UInt32(PUNCTUAL_START_DISABLED)
            }
        }
    }
#endif
