/// Windows service error codes and Service Control Manager events.
enum WindowsExplanations {
    static let family = "Windows error"
    static let events = "Windows event (System log, source Service Control Manager)"
    static let wrap =
        "wrap the program: punctual run --ready tcp:HOST:PORT -- COMMAND (punctual connects to the SCM at once and reports progress until the program really answers)"

    static let all: [Explanation] = [
        Explanation(
            topic: "1053", family: family,
            title: "The service did not respond to the start or control request in a timely fashion.",
            meaning:
                "ERROR_SERVICE_REQUEST_TIMEOUT. Either the process did not call StartServiceCtrlDispatcher within ServicesPipeTimeout (30 s by default; events 7009 and 7000), or a control program (sc, net start, services.msc) gave up because the checkpoint did not move within the wait hint, or the control handler did not return within 30 s (event 7011).",
            causes: [
                "slow initialisation before the dispatcher call: Go package init, a runtime starting, loading data, a slow disk at boot",
                "a program that is not a Windows service at all (run by a wrapper that does not connect for it)",
                "START_PENDING reported once and never again while a long start goes on",
                "a control handler that does the stop itself instead of returning at once",
            ],
            fixes: [
                "call StartServiceCtrlDispatcher first, before any slow work; report START_PENDING with rising checkpoints while starting",
                wrap,
                "reproduce it here: punctual simulate --manager scm -- COMMAND",
                "as a last resort raise ServicesPipeTimeout (HKLM\\SYSTEM\\CurrentControlSet\\Control, REG_DWORD, milliseconds; needs a reboot)",
            ],
            aliases: ["ERROR_SERVICE_REQUEST_TIMEOUT", "0x41D"]),
        Explanation(
            topic: "1056", family: family, title: "An instance of the service is already running.",
            meaning: "ERROR_SERVICE_ALREADY_RUNNING: StartService was called for a service that is not stopped.",
            causes: [
                "a second start while the first is still pending or running", "a script that starts without checking",
            ],
            fixes: ["check with sc query first, or treat 1056 as success in scripts"],
            aliases: ["ERROR_SERVICE_ALREADY_RUNNING"]),
        Explanation(
            topic: "1058", family: family,
            title:
                "The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.",
            meaning: "ERROR_SERVICE_DISABLED: the start type is Disabled.",
            causes: ["the service was disabled by an administrator or by a policy"],
            fixes: ["sc config NAME start= auto (or demand)"],
            aliases: ["ERROR_SERVICE_DISABLED"]),
        Explanation(
            topic: "1060", family: family, title: "The specified service does not exist as an installed service.",
            meaning: "ERROR_SERVICE_DOES_NOT_EXIST: no service by that name.",
            causes: [
                "a typo in the name (the service name, not the display name)",
                "the service was never installed, or was deleted",
            ],
            fixes: ["sc query state= all lists the installed services"], aliases: ["ERROR_SERVICE_DOES_NOT_EXIST"]),
        Explanation(
            topic: "1061", family: family, title: "The service cannot accept control messages at this time.",
            meaning:
                "ERROR_SERVICE_CANNOT_ACCEPT_CTRL: the service's current status does not accept that control, typically a stop while it is START_PENDING or RUNNING with no controls accepted.",
            causes: ["stopping a service that is still starting", "a service that never registers for STOP"],
            fixes: [
                "wait until it is running, or stop the process another way",
                "punctual accepts STOP, SHUTDOWN and PRESHUTDOWN as soon as the program is ready",
            ], aliases: ["ERROR_SERVICE_CANNOT_ACCEPT_CTRL"]),
        Explanation(
            topic: "1062", family: family, title: "The service has not been started.",
            meaning: "ERROR_SERVICE_NOT_ACTIVE: a control (such as STOP) was sent to a service that is stopped.",
            causes: ["stopping a service twice", "the service crashed earlier"],
            fixes: ["look for event 7031 or 7034 in the System log to see whether it crashed"],
            aliases: ["ERROR_SERVICE_NOT_ACTIVE"]),
        Explanation(
            topic: "1066", family: family, title: "The service has returned a service-specific error code.",
            meaning:
                "ERROR_SERVICE_SPECIFIC_ERROR: the service reported STOPPED with dwWin32ExitCode 1066; the real code is in dwServiceSpecificExitCode (event 7024). Punctual reports the program's exit code there.",
            causes: [
                "the program exited with a non-zero code",
                "punctual gave up on the start: 124 is a startup budget or progress timeout",
            ],
            fixes: [
                "sc query NAME shows the service-specific code; read the program's log",
                "set the failure actions' non-crash flag (sc failureflag NAME 1) so that recovery acts on such stops",
            ], aliases: ["ERROR_SERVICE_SPECIFIC_ERROR"]),
        Explanation(
            topic: "1067", family: family, title: "The process terminated unexpectedly.",
            meaning:
                "ERROR_PROCESS_ABORTED: the service's process ended without reporting STOPPED (events 7031 or 7034).",
            causes: [
                "a crash", "the program exited while a wrapper was not watching it",
                "a wrapper that exits without a final status",
            ],
            fixes: [
                "read the program's own log and the Application log",
                "run it under punctual, which always reports STOPPED with the program's exit code",
            ], aliases: ["ERROR_PROCESS_ABORTED"]),
        Explanation(
            topic: "1068", family: family, title: "The dependency service or group failed to start.",
            meaning: "ERROR_SERVICE_DEPENDENCY_FAIL (event 7001): a service this one depends on did not start.",
            causes: [
                "the dependency failed with its own error (often 1053)",
                "a dependency that reports RUNNING before it is ready makes the next one fail later",
            ],
            fixes: [
                "explain the dependency's own error first",
                "dependencies wrapped by punctual report RUNNING only when ready",
            ],
            aliases: ["ERROR_SERVICE_DEPENDENCY_FAIL", "7001"]),
        Explanation(
            topic: "1069", family: family, title: "The service did not start due to a logon failure.",
            meaning:
                "ERROR_SERVICE_LOGON_FAILED (event 7038): the account's password is wrong or it lacks the right to log on as a service.",
            causes: ["a changed password", "a user account without SeServiceLogonRight"],
            fixes: ["use a virtual account (NT SERVICE\\NAME) or LocalService where the program allows it"],
            aliases: ["ERROR_SERVICE_LOGON_FAILED", "7038"]),
        Explanation(
            topic: "1075", family: family,
            title: "The dependency service does not exist or has been marked for deletion.",
            meaning: "ERROR_SERVICE_DEPENDENCY_DELETED (event 7003).",
            causes: ["a dependency that was uninstalled or renamed"], fixes: ["sc config NAME depend= to fix the list"],
            aliases: ["ERROR_SERVICE_DEPENDENCY_DELETED", "7003"]),
        Explanation(
            topic: "1077", family: family,
            title: "No attempts to start the service have been made since the last boot.",
            meaning: "ERROR_SERVICE_NEVER_STARTED: sc query's exit code for a service that has not run since boot.",
            causes: ["a demand-start service nobody started", "Wine reports it after a kill"],
            fixes: ["start it, or set its start type"],
            aliases: ["ERROR_SERVICE_NEVER_STARTED"]),
        Explanation(
            topic: "7000", family: events, title: "The NAME service failed to start due to the following error: …",
            meaning:
                "Logged with the start's error code; with 1053 it follows event 7009 (no connection within ServicesPipeTimeout).",
            causes: ["see the error code in the message (most often 1053)"],
            fixes: ["explain the code it names, e.g. punctual explain 1053"]),
        Explanation(
            topic: "7009", family: events,
            title: "Timeout (30000 milliseconds) waiting for the NAME service to connect.",
            meaning:
                "The process did not call StartServiceCtrlDispatcher within ServicesPipeTimeout; everything before that call counts, including runtime start-up and static initialisation. The start fails with 1053 and event 7000.",
            causes: [
                "slow work before the dispatcher call",
                "boot-time load: antivirus scans, slow disks, many services starting",
            ],
            fixes: [
                "connect first, initialise after", wrap, "reproduce it: punctual simulate --manager scm -- COMMAND",
            ]),
        Explanation(
            topic: "7011", family: events,
            title: "Timeout (30000 milliseconds) waiting for a transaction response from the NAME service.",
            meaning:
                "A control handler did not return within 30 s; the caller gets 1053. The SCM sends one control at a time, so a blocked handler blocks every control to that service.",
            causes: ["a handler that stops the service itself before returning"],
            fixes: ["return from the handler at once; report STOP_PENDING and stop on another thread (punctual does)"]),
        Explanation(
            topic: "7022", family: events, title: "The NAME service hung on starting.",
            meaning:
                "The service stayed START_PENDING without a status update for about 80 s plus its last wait hint; the SCM gives up on it.",
            causes: ["a start that really hangs", "one status report, then none while initialising"],
            fixes: [
                "report progress while starting, only while really progressing",
                "punctual run --startup-budget D ends a start that is really stuck, with a diagnosis",
            ]),
        Explanation(
            topic: "7023", family: events, title: "The NAME service terminated with the following error: …",
            meaning: "The service reported STOPPED with a non-zero Win32 exit code.",
            causes: ["see the error it names"],
            fixes: ["explain the code it names; set the non-crash flag if recovery should act"]),
        Explanation(
            topic: "7024", family: events,
            title: "The NAME service terminated with the following service-specific error: …",
            meaning:
                "The service reported STOPPED with 1066 and its own code. Under punctual the code is the program's exit code, or 124 when the start exceeded its budget or made no progress.",
            causes: ["the program failed", "punctual's startup budget or progress timeout"],
            fixes: [
                "read the program's log; raise --startup-budget if the start was really progressing",
                "set the non-crash flag so that recovery restarts it",
            ]),
        Explanation(
            topic: "7031", family: events,
            title:
                "The NAME service terminated unexpectedly. It has done this N time(s). The following corrective action will be taken …",
            meaning:
                "The process ended without STOPPED and failure actions are configured; they run after their delay.",
            causes: ["a crash or an exit without a final status"],
            fixes: ["find the crash in the program's log; punctual reports STOPPED with the exit code"]),
        Explanation(
            topic: "7034", family: events,
            title: "The NAME service terminated unexpectedly. It has done this N time(s).",
            meaning:
                "The process ended without STOPPED and no failure actions are configured: nothing will restart it.",
            causes: ["a crash or an exit without a final status"],
            fixes: ["configure recovery: sc failure NAME reset= 86400 actions= restart/5000"]),
        Explanation(
            topic: "6008", family: "Windows event (System log, source EventLog)",
            title: "The previous system shutdown at TIME on DATE was unexpected.",
            meaning: "The machine went down without a clean shutdown; services got no SHUTDOWN or PRESHUTDOWN.",
            causes: ["power loss, a crash, a forced reset"],
            fixes: ["services must tolerate it: write safely, recover on start"]),
    ]
}
