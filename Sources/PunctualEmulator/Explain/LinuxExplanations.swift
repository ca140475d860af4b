/// systemd results and Kubernetes reasons.
enum LinuxExplanations {
    static let systemd = "systemd result"
    static let kubernetes = "Kubernetes reason"
    static let wrap =
        "wrap the program: punctual run --ready tcp:HOST:PORT --startup-budget D -- COMMAND (it extends the start while the program makes progress and sends READY=1 when it answers)"

    static let all: [Explanation] = [
        Explanation(
            topic: "timeout", family: systemd,
            title: "start operation timed out. Terminating. / State 'stop-sigterm' timed out. Killing.",
            meaning:
                "A Type=notify service sent no READY=1 within TimeoutStartSec (90 s by default), or did not stop within TimeoutStopSec; EXTEND_TIMEOUT_USEC would have moved the deadline.",
            causes: [
                "a slow start: loading data, replaying a journal, waiting for a database",
                "a program that never sends READY=1", "a slow or stuck stop",
            ],
            fixes: [
                wrap, "punctual run keeps extending the stop during --stop-timeout, then kills the tree itself",
                "raise TimeoutStartSec / TimeoutStopSec if the time is really needed",
                "reproduce it: punctual simulate --manager systemd -- COMMAND",
            ],
            aliases: ["Result: timeout", "start operation timed out"]),
        Explanation(
            topic: "watchdog", family: systemd, title: "Watchdog timeout (limit Ns)!",
            meaning:
                "WatchdogSec is set and no WATCHDOG=1 arrived in time after READY=1; systemd sends SIGABRT, then SIGKILL after TimeoutAbortSec.",
            causes: [
                "a hung main loop",
                "a service that does not ping at all, or pings from a thread that keeps running while the work hangs",
            ],
            fixes: ["ping at half of WATCHDOG_USEC, only when healthy", "punctual run pings while the program lives"]),
        Explanation(
            topic: "protocol", family: systemd, title: "Failed with result 'protocol'.",
            meaning:
                "The main process of a Type=notify unit exited with status 0 before it sent READY=1, or broke the notify protocol.",
            causes: [
                "a program that forks into the background and exits",
                "READY=1 sent by a child process that NotifyAccess=main does not hear",
            ],
            fixes: [
                "run the program in the foreground",
                "NotifyAccess=all if a helper sends READY=1, or let punctual send it (punctual run --ready notify)",
            ]),
        Explanation(
            topic: "start-limit-hit", family: systemd, title: "Start request repeated too quickly.",
            meaning:
                "The unit was started more than StartLimitBurst times (5) within StartLimitIntervalSec (10 s), usually by Restart=; systemd refuses further starts until reset-failed.",
            causes: ["a crash loop", "Restart= on a unit that fails at once"],
            fixes: [
                "find the first failure: journalctl -u UNIT", "systemctl reset-failed UNIT",
                "RestartSec= to slow restarts down",
            ], aliases: ["start-limit"]),
        Explanation(
            topic: "exit-code", family: systemd, title: "Main process exited, code=exited, status=N",
            meaning:
                "The main process exited with a non-zero status (a stop counts as clean only with status 0, SuccessExitStatus=, or death by SIGHUP, SIGINT, SIGTERM or SIGPIPE).",
            causes: ["the program failed", "a wrapper that exits 143 for a SIGTERM stop"],
            fixes: [
                "read the journal above the line",
                "punctual exits 0 when the program ends on the stop signal it was asked to stop with",
            ]),
        Explanation(
            topic: "signal", family: systemd, title: "Main process exited, code=killed, status=N/SIG",
            meaning: "The main process was killed by a signal other than SIGHUP, SIGINT, SIGTERM or SIGPIPE.",
            causes: ["a crash (SIGSEGV, SIGABRT)", "SIGKILL by the OOM killer or by a stop timeout"],
            fixes: ["coredumpctl, the journal, dmesg for the OOM killer"]),
        Explanation(
            topic: "core-dump", family: systemd, title: "Main process exited, code=dumped",
            meaning: "The main process crashed and dumped core.", causes: ["a crash"], fixes: ["coredumpctl info UNIT"]),
        Explanation(
            topic: "oom-kill", family: systemd, title: "A process of this unit has been killed by the OOM killer.",
            meaning: "The unit's cgroup ran out of memory (MemoryMax= or the system's).",
            causes: ["a leak, or a limit set too low"],
            fixes: ["raise MemoryMax= or find the leak"]),
        Explanation(
            topic: "resources", family: systemd, title: "Failed to set up the service's environment.",
            meaning:
                "systemd could not set up what the unit asks for before running it (a user, a directory, a namespace).",
            causes: ["a missing user or path", "a sandboxing option the kernel does not support"],
            fixes: ["read the journal for the failing step"]),
        Explanation(
            topic: "CrashLoopBackOff", family: kubernetes, title: "Back-off restarting failed container",
            meaning:
                "The container keeps ending (or being killed by a failing startup or liveness probe) and the kubelet waits longer before each restart: 10 s, 20 s, 40 s … up to 5 minutes, reset after 10 minutes of running.",
            causes: [
                "a startup probe whose failureThreshold × periodSeconds is shorter than the slowest start",
                "a liveness probe that fails while the service is busy", "the program exiting",
            ],
            fixes: [
                "size the startupProbe for the worst start",
                "inside the container: punctual run --ready … --startup-budget D, and probe punctual's view",
                "kubectl logs --previous",
                "reproduce it: punctual simulate --manager kubernetes --startup-probe … -- COMMAND",
            ]),
        Explanation(
            topic: "startup-probe", family: kubernetes,
            title: "Startup probe failed / failed startup probe, will be restarted",
            meaning:
                "The startup probe failed failureThreshold times in a row (periodSeconds apart); the kubelet kills the container with its grace period and restarts it.",
            causes: ["a start longer than failureThreshold × periodSeconds", "probing the wrong port or path"],
            fixes: [
                "raise failureThreshold so that failureThreshold × periodSeconds covers the slowest start",
                "punctual run --startup-budget bounds a start that is really stuck",
            ],
            aliases: ["StartupProbeFailed", "startup probe failed"]),
        Explanation(
            topic: "liveness-probe", family: kubernetes,
            title: "Liveness probe failed / failed liveness probe, will be restarted",
            meaning: "The liveness probe failed failureThreshold times in a row; the container is restarted.",
            causes: [
                "a liveness check that depends on other services", "a slow handler under load",
                "a start without a startup probe",
            ],
            fixes: ["check only that the process can make progress", "add a startupProbe for slow starts"],
            aliases: ["liveness probe failed"]),
        Explanation(
            topic: "readiness-probe", family: kubernetes, title: "Readiness probe failed",
            meaning:
                "The pod is removed from its Services' endpoints until the probe passes again; nothing is restarted.",
            causes: ["the service is starting, overloaded or shutting down"],
            fixes: ["nothing, if it is transient; /readyz should fail as soon as shutdown begins"],
            aliases: ["readiness probe failed", "Unhealthy", "NotReady"]),
        Explanation(
            topic: "OOMKilled", family: kubernetes, title: "OOMKilled (exit code 137)",
            meaning: "The container exceeded its memory limit and the kernel killed it.",
            causes: ["a leak, or a limit set too low"],
            fixes: ["raise resources.limits.memory or find the leak"]),
    ]
}
