#if os(Windows)
    import CPunctualWindows
    import Logging
    import PunctualCore
    import PunctualSCM

    /// The manager of a run on Windows: the SCM when it started punctual, else a console.
    package struct WindowsManager: Sendable {
        /// Where the engine's reports go.
        package let connection: any ManagerConnection
        /// The service's name when the SCM started punctual; nil in a console.
        package let serviceName: String?

        /// ERROR_FAILED_SERVICE_CONTROLLER_CONNECT: this process was not started by the SCM.
        private static let notAService: UInt32 = 1063

        /// Connects to the SCM at once, before anything slow, or finds that punctual runs in a console,
        /// where Ctrl+C, Ctrl+Break and closing the window ask for the stop. Controls go to `inbox`.
        package static func connect(inbox: ControlInbox, onFailure: @escaping @Sendable (String) -> Void)
            -> WindowsManager
        {
            let win32 = Win32ServiceConnection()
            do {
                // An own-process service: the SCM starts it under its own name whatever the table says.
                let scm = try SCMConnection.connect(
                    win32, serviceName: "punctual", strategy: .pending, inbox: inbox, onFailure: onFailure)
                return WindowsManager(connection: scm, serviceName: win32.registeredName ?? "punctual")
            } catch let error as Win32Error where error.code == notAService {
                listenToConsole(inbox)
                return WindowsManager(connection: NoManagerConnection(), serviceName: nil)
            } catch {
                onFailure("cannot connect to the SCM (\(error)); running as a console program")
                listenToConsole(inbox)
                return WindowsManager(connection: NoManagerConnection(), serviceName: nil)
            }
        }

        private static func listenToConsole(_ inbox: ControlInbox) {
            let box = Unmanaged.passRetained(inbox).toOpaque()
            _ = punctual_console_on_stop(
                { _, context in
                    guard let context else { return }
                    Unmanaged<ControlInbox>.fromOpaque(context).takeUnretainedValue().deliver(
                        .stopRequested(.interrupt))
                }, box)
        }

        /// Where the child's output goes when no `--log-file` was given: the console's own streams, or
        /// for a service, which has none, `%ProgramData%\punctual\NAME\output.log`.
        func defaultOutputLog() -> String? {
            guard let serviceName else { return nil }
            var buffer = [UInt16](repeating: 0, count: 1024)
            let found = punctual_environment_value(Array("ProgramData".utf16) + [0], &buffer, UInt32(buffer.count)) == 0
            let programData = found ? String(decoding: buffer.prefix { $0 != 0 }, as: UTF16.self) : "C:\\ProgramData"
            return WindowsRunRules.defaultLogFile(service: serviceName, programData: programData)
        }
    }
#endif
