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
        /// ERROR_ALREADY_INITIALIZED: an earlier run in this process holds the connection.
        private static let alreadyConnected: UInt32 = 1247

        /// Gives Ctrl+C and the others back to Windows, once a run is over.
        package static func stopListeningToConsole() { punctual_console_stop_listening() }

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
            } catch let error as Win32Error where error.code == alreadyConnected {
                onFailure("the SCM is connected once per process; this second run reports to nobody")
                return WindowsManager(connection: NoManagerConnection(), serviceName: nil)
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
            return WindowsRunRules.defaultLogFile(service: serviceName, programData: WindowsServiceManager.programData)
        }
    }
#endif
