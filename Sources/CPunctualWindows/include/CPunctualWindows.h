// The Win32 calls punctual makes on Windows, kept in C so that the Swift side stays thin and so that
// a small C driver can exercise every call under Wine's services.exe. Everything here is empty on
// other systems. Functions return 0 or a Win32 error code (GetLastError's value).
#ifndef C_PUNCTUAL_WINDOWS_H
#define C_PUNCTUAL_WINDOWS_H
#ifdef _WIN32
#include <stdint.h>
#include <stddef.h>

// MARK: The service side (what SCMServiceConnection needs)

/// What a service reports with SetServiceStatus, field for field.
typedef struct {
    uint32_t state;
    uint32_t controls_accepted;
    uint32_t win32_exit_code;
    uint32_t service_specific_exit_code;
    uint32_t check_point;
    uint32_t wait_hint_ms;
} punctual_service_status;

/// Called on the SCM's thread for each control other than INTERROGATE, which the glue answers
/// itself. Must return at once: 1 when handled, 0 for ERROR_CALL_NOT_IMPLEMENTED.
typedef int (*punctual_control_callback)(uint32_t control, void *context);

/// Connects to the SCM as the service `name`: StartServiceCtrlDispatcherW runs on a thread of its
/// own, and this returns once ServiceMain has registered the control handler (within timeout_ms).
/// ERROR_FAILED_SERVICE_CONTROLLER_CONNECT (1063) means the process was not started by the SCM.
uint32_t punctual_service_connect(
    const wchar_t *name, punctual_control_callback callback, void *context, uint32_t timeout_ms);

/// SetServiceStatus. STOPPED goes out once, and nothing after it: a later report returns
/// ERROR_INVALID_STATE without reaching the SCM. After STOPPED it waits up to 5 s for the
/// dispatcher to return.
uint32_t punctual_service_set_status(const punctual_service_status *status);

// MARK: The control program side: install, start, control, query

/// The start types `punctual install --start` offers.
enum {
    PUNCTUAL_START_AUTO = 0,
    PUNCTUAL_START_DELAYED_AUTO = 1,
    PUNCTUAL_START_DEMAND = 2,
    PUNCTUAL_START_DISABLED = 3,
};

/// The most recovery steps one service may have.
#define PUNCTUAL_MOST_FAILURE_ACTIONS 16

/// One recovery step: SC_ACTION_NONE (0), RESTART (1), REBOOT (2) or RUN_COMMAND (3), after delay_ms.
typedef struct {
    uint32_t type;
    uint32_t delay_ms;
} punctual_failure_action;

/// Everything `punctual install` sets. NULL strings and zero counts leave Windows' defaults.
typedef struct {
    const wchar_t *name;
    const wchar_t *display_name;
    const wchar_t *description;
    /// The full command line: the quoted program, then its arguments.
    const wchar_t *command_line;
    uint32_t start_type;
    /// NULL for LocalSystem; "NT AUTHORITY\\LocalService", "NT AUTHORITY\\NetworkService",
    /// "NT SERVICE\\NAME" or a user (".\\name", "DOMAIN\\name").
    const wchar_t *account;
    const wchar_t *password;
    /// Service names, each NUL-terminated, the list ending with an extra NUL.
    const wchar_t *dependencies;
    const punctual_failure_action *failure_actions;
    uint32_t failure_action_count;
    uint32_t failure_reset_seconds;
    const wchar_t *failure_command;
    /// Whether a STOPPED with a non-zero exit code also triggers the failure actions.
    int failure_actions_on_non_crash;
    uint32_t preshutdown_timeout_ms;
} punctual_service_config;

/// The settings applied after CreateServiceW, as bits of `punctual_scm_install`'s `unsupported`.
enum {
    PUNCTUAL_SETTING_DESCRIPTION = 1,
    PUNCTUAL_SETTING_DELAYED_START = 2,
    PUNCTUAL_SETTING_FAILURE_ACTIONS = 4,
    PUNCTUAL_SETTING_NON_CRASH_FLAG = 8,
    PUNCTUAL_SETTING_PRESHUTDOWN = 16,
};

/// CreateServiceW (an own-process service), then its description, delayed start, failure actions,
/// non-crash flag and preshutdown timeout. A setting the SCM does not implement (ERROR_INVALID_LEVEL)
/// is skipped and its bit set in `unsupported`; any other failure deletes the service again.
uint32_t punctual_scm_install(const punctual_service_config *config, uint32_t *unsupported);

/// Stops the service if it runs (asking again while it cannot take STOP yet), then DeleteService.
/// A service still running after stop_timeout_ms is left installed: ERROR_SERVICE_REQUEST_TIMEOUT.
uint32_t punctual_scm_uninstall(const wchar_t *name, uint32_t stop_timeout_ms);

/// What QueryServiceStatusEx says.
typedef struct {
    punctual_service_status status;
    uint32_t process_id;
} punctual_service_state;

/// StartServiceW with optional arguments. Returns when the SCM has started the process.
uint32_t punctual_scm_start(const wchar_t *name, uint32_t argc, const wchar_t **argv);

/// ControlService; `out` gets the status the SCM returned with it (may be NULL).
uint32_t punctual_scm_control(const wchar_t *name, uint32_t control, punctual_service_state *out);

/// QueryServiceStatusEx.
uint32_t punctual_scm_query(const wchar_t *name, punctual_service_state *out);

/// The service's configuration as "key=value" lines (binary, start, account, dependencies,
/// description, failure actions, reset, non-crash flag, preshutdown) into `text`, NUL-terminated.
uint32_t punctual_scm_describe(const wchar_t *name, wchar_t *text, uint32_t capacity);

// MARK: The default log folder of an installed service

/// ERROR_INVALID_OWNER (1307) when `root` or `folder` exists and is owned by someone other than
/// SYSTEM, Administrators or the caller: an ordinary user may have made it to take over the log.
uint32_t punctual_log_folder_check(const wchar_t *root, const wchar_t *folder);

/// Checks as above, then makes `root` (or takes it over) for SYSTEM and Administrators only, and
/// `folder` below it for them and `account` (NULL for LocalSystem), which may write and rotate there.
uint32_t punctual_log_folder_make(const wchar_t *root, const wchar_t *folder, const wchar_t *account);

// MARK: The child: a process group inside a Job object

typedef struct punctual_child punctual_child;

/// An anonymous pipe whose write end a child can inherit.
uint32_t punctual_pipe_create(void **read_end, void **write_end);

/// Starts `command_line` suspended in a new process group, puts it in a Job object that kills every
/// process in it when its last handle closes (so when punctual dies), then lets it run. Its
/// stdout and stderr go to the handles given, which must be inheritable (punctual_pipe_create's
/// write end is) and are the only handles it inherits; `environment` is a Windows environment
/// block or NULL; `directory` its working directory, or NULL for punctual's.
uint32_t punctual_child_spawn(
    const wchar_t *command_line, const wchar_t *environment, const wchar_t *directory, void *stdout_handle,
    void *stderr_handle, punctual_child **child);

uint32_t punctual_child_pid(const punctual_child *child);

/// CTRL_BREAK_EVENT to the child's process group (punctual shares a hidden console with it).
uint32_t punctual_child_break(punctual_child *child);

/// Waits up to timeout_ms for the child to end: 0 with its exit code, or WAIT_TIMEOUT (258).
uint32_t punctual_child_wait(punctual_child *child, uint32_t timeout_ms, uint32_t *exit_code);

/// What every process the child's Job has held used so far: user and kernel CPU time in 100 ns
/// units, and the bytes read and written (files, pipes and some socket calls alike).
uint32_t punctual_child_usage(
    punctual_child *child, uint64_t *cpu_time_100ns, uint64_t *read_bytes, uint64_t *write_bytes);

/// Ends every process in the child's Job with `exit_code`.
uint32_t punctual_child_terminate(punctual_child *child, uint32_t exit_code);

/// Closes the handles; the Job, when this was its last handle, kills what is left.
void punctual_child_close(punctual_child *child);

// MARK: What punctual run needs besides: output relays, events, threads, the console

typedef struct punctual_relay punctual_relay;

/// Called on the relay's thread with each chunk read, and once with count 0 at the end.
typedef void (*punctual_output_callback)(const char *bytes, uint32_t count, void *context);

/// Reads `read_end` (punctual_pipe_create's) on a thread of its own until every writer has closed it,
/// passing each chunk to `callback`. The relay owns the read end from now on.
uint32_t punctual_relay_start(void *read_end, punctual_output_callback callback, void *context, punctual_relay **relay);

/// Waits up to timeout_ms for the relay to reach the end: 0, or WAIT_TIMEOUT (258).
uint32_t punctual_relay_wait(punctual_relay *relay, uint32_t timeout_ms);

/// Ends the relay (cancelling a read still waiting) and frees it: 1. If its thread will not end
/// within 2 s (a read that cannot be cancelled), it is left running and nothing is freed: 0, and its
/// callback's context must stay alive.
int punctual_relay_close(punctual_relay *relay);

/// CloseHandle.
void punctual_handle_close(void *handle);

/// An auto-reset event: a wait that sees it set resets it.
uint32_t punctual_event_create(void **event);
void punctual_event_set(void *event);
void punctual_event_reset(void *event);

/// 1 when the event was set within timeout_ms (0xFFFFFFFF: no limit), else 0.
int punctual_event_wait(void *event, uint32_t timeout_ms);

/// Runs body(context) on a new thread.
uint32_t punctual_thread_start(void (*body)(void *), void *context);

/// Called with CTRL_C_EVENT (0), CTRL_BREAK_EVENT (1) or CTRL_CLOSE_EVENT (2); must return at once.
typedef void (*punctual_stop_callback)(uint32_t event, void *context);

/// Hands Ctrl+C, Ctrl+Break and the console window's closing to `callback` instead of ending the process.
uint32_t punctual_console_on_stop(punctual_stop_callback callback, void *context);

/// Gives Ctrl+C and the others back to Windows' default handling.
void punctual_console_stop_listening(void);

/// Writes all of `bytes` to standard output (stream 1) or standard error (2).
uint32_t punctual_standard_write(int stream, const void *bytes, uint32_t count);

/// GetEnvironmentVariableW into `value`, NUL-terminated; ERROR_ENVVAR_NOT_FOUND (203) when unset or empty.
uint32_t punctual_environment_value(const wchar_t *name, wchar_t *value, uint32_t capacity);

/// This process's id.
uint32_t punctual_process_id(void);

/// The name the SCM started this service under (ServiceMain's first argument), once connected.
uint32_t punctual_service_registered_name(wchar_t *name, uint32_t capacity);

// MARK: Readiness probes

/// Whether a TCP connection to host:port succeeds within timeout_ms: 1 or 0, with a few words in
/// `detail` ("connected", "connection refused", "connection timed out", "cannot resolve the host").
int punctual_tcp_check(const char *host, uint16_t port, uint32_t timeout_ms, char *detail, size_t capacity);

/// One probe's open connection, which carries a protocol's exchange (HTTP, RESP, PostgreSQL's, gRPC's).
typedef struct punctual_connection punctual_connection;

/// Connects to host:port within timeout_ms; NULL with why in `detail`, as punctual_tcp_check says it.
punctual_connection *punctual_connection_open(
    const char *host, uint16_t port, uint32_t timeout_ms, char *detail, size_t capacity);

/// Starts TLS on the open connection through Schannel, naming `host` for SNI and for the certificate's
/// name check (an IP address when is_address). With verify, the server's certificate must chain to the
/// CA certificate(s) in the PEM file ca_file (a UTF-8 path), or to the system's roots when ca_file is
/// NULL, and match the name; without verify any certificate is accepted. alpn, when not NULL, is the one
/// application protocol offered ("h2" for gRPC). Afterwards punctual_connection_send and _receive carry
/// plaintext. Returns 1, or 0 with a short sentence in `detail` ("certificate not trusted: …", "TLS
/// handshake failed: …", "no answer within the time"); after 0 the connection is only good for closing.
int punctual_connection_start_tls(punctual_connection *connection, const char *host, int is_address,
    const char *ca_file, int verify, const char *alpn, uint32_t timeout_ms, char *detail, size_t capacity);

/// The application protocol the server chose during punctual_connection_start_tls, NUL-terminated in
/// `protocol`: 1, or 0 with "" when none was agreed (none offered, the server took none, or no TLS).
int punctual_connection_application_protocol(punctual_connection *connection, char *protocol, size_t capacity);

/// Sends every byte within timeout_ms: 1, or 0 when the peer closed or the time ran out.
int punctual_connection_send(punctual_connection *connection, const uint8_t *bytes, size_t count, uint32_t timeout_ms);

/// Reads what has come, waiting up to timeout_ms: the count, 0 when the peer closed, -1 when nothing
/// came in time, -2 to try again.
long punctual_connection_receive(punctual_connection *connection, uint8_t *buffer, size_t capacity, uint32_t timeout_ms);

/// Ends the connection cleanly (the peer sees the stream end, not a reset; with TLS, a close_notify
/// first) and frees it.
void punctual_connection_close(punctual_connection *connection);

/// Reads up to `capacity` bytes of the file at `path` (a probe's password file); `count` says how many.
/// Returns 0, or the Win32 error.
uint32_t punctual_read_file(const wchar_t *path, uint8_t *buffer, size_t capacity, size_t *count);

/// Whether `path` exists: 1 or 0.
int punctual_path_exists(const wchar_t *path);

/// An inheritable handle to the null device, for output nobody reads.
uint32_t punctual_null_handle(void **handle);

// MARK: The Event Log

/// Registers `source` under the Application log (once, as an administrator), so that events can be
/// reported under its name. Where .NET Framework 4 is installed its EventLogMessages.dll becomes the
/// message file, so Event Viewer shows each event's text as it is; without it, Event Viewer shows the
/// text after a note that the description is not found.
uint32_t punctual_event_source_install(const wchar_t *source);

/// Removes the registration.
uint32_t punctual_event_source_uninstall(const wchar_t *source);

/// Writes one event: type EVENTLOG_ERROR_TYPE (1), WARNING (2) or INFORMATION (4).
uint32_t punctual_event_report(const wchar_t *source, uint16_t type, uint32_t event_id, const wchar_t *message);

#endif
#endif
