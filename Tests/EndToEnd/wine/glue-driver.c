// Plays the Swift side's part through CPunctualWindows' API, under Wine's services.exe, for
// scripts/wine-tests.sh. One program, several roles:
//
//   glue-driver service NAME --trace FILE --log FILE [--lines N] [--ready-ms MS] [--exit-code C]
//               [--tag T] [--max-bytes B] [--keep K] [--exit-after-ms E]
//       a wrapped service: connects at once, reports START_PENDING with moving checkpoints, runs
//       `glue-driver child` in a Job with its output in a rotating log, reports RUNNING when the
//       child prints "ready", stops it with CTRL_BREAK on STOP, reports STOPPED once
//   glue-driver child --lines N --ready-ms MS --exit-code C --tag T --exit-after-ms E
//       prints "T line K" N times, then "ready" after MS, waits for CTRL_BREAK (or E ms), exits
//       with C; starts a grandchild that only sleeps
//   glue-driver sleeper
//   glue-driver install NAME COMMAND_LINE | describe NAME | uninstall NAME
//   glue-driver start NAME TIMEOUT_MS | stop NAME TIMEOUT_MS | control NAME CODE | query NAME
//   glue-driver alive PID | kill PID | split COMMAND_LINE (CommandLineToArgvW)
//   glue-driver eventlog-install SOURCE | eventlog-report SOURCE | eventlog-uninstall SOURCE
//   glue-driver probe tcp|http|https|redis|file|secret|exec|usage … | run-support | log-folder ROOT FOLDER [ACCOUNT]
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "CPunctualLogFile.h"
#include "CPunctualWindows.h"

static const wchar_t *option(int argc, wchar_t **argv, const wchar_t *name, const wchar_t *fallback) {
    for (int i = 1; i + 1 < argc; i++)
        if (!wcscmp(argv[i], name)) return argv[i + 1];
    return fallback;
}

static ULONGLONG epoch_ms(void) {
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    ULARGE_INTEGER value = {.LowPart = now.dwLowDateTime, .HighPart = now.dwHighDateTime};
    return (value.QuadPart - 116444736000000000ULL) / 10000ULL;
}

static const char *state_name(uint32_t state) {
    static const char *names[] = {"?", "STOPPED", "START_PENDING", "STOP_PENDING", "RUNNING",
                                  "CONTINUE_PENDING", "PAUSE_PENDING", "PAUSED"};
    return state < 8 ? names[state] : "?";
}

// MARK: service

static FILE *trace_file;
static HANDLE stop_requested, child_ready;
static CRITICAL_SECTION trace_lock;

static void trace(const char *format, ...) {
    char line[1024];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(line, sizeof line, format, arguments);
    va_end(arguments);
    EnterCriticalSection(&trace_lock);
    fprintf(trace_file, "%llu %s\n", epoch_ms(), line);
    fflush(trace_file);
    LeaveCriticalSection(&trace_lock);
}

static int on_control(uint32_t control, void *context) {
    (void)context;
    trace("CONTROL %u", control);
    if (control == SERVICE_CONTROL_STOP || control == SERVICE_CONTROL_SHUTDOWN ||
        control == SERVICE_CONTROL_PRESHUTDOWN) {
        SetEvent(stop_requested);
        return 1;
    }
    return 0;
}

static void report(uint32_t state, uint32_t check_point, uint32_t hint, uint32_t win32, uint32_t specific) {
    uint32_t accepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
    punctual_service_status status = {state, accepted, win32, specific, check_point, hint};
    uint32_t error = punctual_service_set_status(&status);
    trace("REPORT %s checkpoint=%u hint=%u exit=%u/%u error=%u", state_name(state), check_point, hint, win32,
          specific, error);
}

typedef struct {
    punctual_log *log;
    char line[64];
    size_t line_count;
    int ended;
} relay_state;

// The relay's callback: copies the child's output into the rotating log, watching for "ready".
static void on_output(const char *bytes, uint32_t count, void *context) {
    relay_state *state = context;
    if (count == 0) {
        state->ended = 1;
        return;
    }
    punctual_log_write(state->log, bytes, count);
    for (uint32_t i = 0; i < count; i++) {
        if (bytes[i] == '\n') {
            if (state->line_count >= 5 && !strncmp(state->line, "ready", 5)) SetEvent(child_ready);
            state->line_count = 0;
        } else if (state->line_count < sizeof state->line) {
            state->line[state->line_count++] = bytes[i];
        }
    }
}

static int run_service(int argc, wchar_t **argv) {
    const wchar_t *name = argv[2];
    InitializeCriticalSection(&trace_lock);
    trace_file = _wfopen(option(argc, argv, L"--trace", L"trace.txt"), L"a");
    if (!trace_file) return 2;
    stop_requested = CreateEventW(NULL, TRUE, FALSE, NULL);
    child_ready = CreateEventW(NULL, TRUE, FALSE, NULL);
    uint32_t error = punctual_service_connect(name, on_control, NULL, 5000);
    trace("CONNECT error=%u pid=%lu", error, GetCurrentProcessId());
    if (error) return 3;
    wchar_t registered[257];
    error = punctual_service_registered_name(registered, 257);
    trace("REGISTERED error=%u name=%ls", error, error ? L"" : registered);
    uint32_t check_point = 1;
    report(SERVICE_START_PENDING, check_point++, 2000, 0, 0);

    char log_path[MAX_PATH];
    WideCharToMultiByte(CP_UTF8, 0, option(argc, argv, L"--log", L"child.log"), -1, log_path, MAX_PATH, NULL, NULL);
    punctual_log *log;
    int log_error = punctual_log_open(
        log_path, _wtoi(option(argc, argv, L"--max-bytes", L"4096")), _wtoi(option(argc, argv, L"--keep", L"50")), &log);
    trace("LOG open error=%d", log_error);
    if (log_error) return 4;
    void *read_end, *write_end;
    punctual_pipe_create(&read_end, &write_end);
    wchar_t self[MAX_PATH], command[2048];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    _snwprintf(command, 2047, L"\"%ls\" child --lines %ls --ready-ms %ls --exit-code %ls --tag %ls --exit-after-ms %ls",
               self, option(argc, argv, L"--lines", L"100"), option(argc, argv, L"--ready-ms", L"2000"),
               option(argc, argv, L"--exit-code", L"0"), option(argc, argv, L"--tag", L"run"),
               option(argc, argv, L"--exit-after-ms", L"60000"));
    command[2047] = 0;
    punctual_child *child;
    error = punctual_child_spawn(command, NULL, option(argc, argv, L"--directory", NULL), write_end, write_end, &child);
    CloseHandle(write_end);
    trace("SPAWN error=%u child=%u", error, error ? 0 : punctual_child_pid(child));
    if (error) return 5;
    relay_state output = {.log = log};
    punctual_relay *relay;
    error = punctual_relay_start(read_end, on_output, &output, &relay);
    trace("RELAY error=%u", error);
    if (error) return 6;

    HANDLE waits[2] = {child_ready, stop_requested};
    while (WaitForMultipleObjects(2, waits, FALSE, 250) == WAIT_TIMEOUT)
        report(SERVICE_START_PENDING, check_point++, 2000, 0, 0);
    if (WaitForSingleObject(child_ready, 0) == WAIT_OBJECT_0) {
        trace("READY");
        report(SERVICE_RUNNING, 0, 0, 0, 0);
    }
    HANDLE child_process = OpenProcess(SYNCHRONIZE, FALSE, punctual_child_pid(child));
    HANDLE ends[2] = {stop_requested, child_process};
    WaitForMultipleObjects(2, ends, FALSE, INFINITE);
    CloseHandle(child_process);

    check_point = 1;
    report(SERVICE_STOP_PENDING, check_point++, 3000, 0, 0);
    trace("BREAK error=%u", punctual_child_break(child));
    uint32_t code = 0;
    ULONGLONG deadline = GetTickCount64() + 2000;
    while ((error = punctual_child_wait(child, 250, &code)) == WAIT_TIMEOUT && GetTickCount64() < deadline)
        report(SERVICE_STOP_PENDING, check_point++, 3000, 0, 0);
    if (error == WAIT_TIMEOUT) {
        trace("TERMINATE error=%u", punctual_child_terminate(child, 1));
        punctual_child_wait(child, 5000, &code);
    }
    trace("CHILD exit=%u", code);
    error = punctual_relay_wait(relay, 5000);
    trace("RELAY end error=%u ended=%d", error, output.ended);
    trace("RELAY closed=%d", punctual_relay_close(relay));
    trace("LOG rotations=%u", punctual_log_rotations(log));
    punctual_log_close(log);
    punctual_child_close(child);
    if (code == 0)
        report(SERVICE_STOPPED, 0, 0, 0, 0);
    else
        report(SERVICE_STOPPED, 0, 0, 1066, code);
    report(SERVICE_STOPPED, 0, 0, 0, 0);
    return 0;
}

// MARK: child, sleeper

static HANDLE break_received;

static BOOL WINAPI on_console_event(DWORD event) {
    if (event != CTRL_BREAK_EVENT && event != CTRL_C_EVENT) return FALSE;
    SetEvent(break_received);
    return TRUE;
}

static int run_child(int argc, wchar_t **argv) {
    break_received = CreateEventW(NULL, TRUE, FALSE, NULL);
    SetConsoleCtrlHandler(on_console_event, TRUE);
    wchar_t self[MAX_PATH], command[MAX_PATH + 16];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    _snwprintf(command, MAX_PATH + 15, L"\"%ls\" sleeper", self);
    command[MAX_PATH + 15] = 0;
    STARTUPINFOW startup = {.cb = sizeof startup};
    PROCESS_INFORMATION info;
    if (CreateProcessW(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info)) {
        printf("grandchild %lu\n", info.dwProcessId);
        CloseHandle(info.hThread);
        CloseHandle(info.hProcess);
    }
    wchar_t directory[MAX_PATH];
    GetCurrentDirectoryW(MAX_PATH, directory);
    printf("cwd %ls\n", directory);
    int lines = _wtoi(option(argc, argv, L"--lines", L"100"));
    const wchar_t *tag = option(argc, argv, L"--tag", L"run");
    ULONGLONG began = GetTickCount64();
    for (int k = 1; k <= lines; k++) {
        printf("%ls line %d\n", tag, k);
        if (k % 50 == 0) fflush(stdout);
    }
    fflush(stdout);
    ULONGLONG ready_at = began + _wtoi(option(argc, argv, L"--ready-ms", L"2000"));
    while (GetTickCount64() < ready_at) Sleep(20);
    printf("ready\n");
    fflush(stdout);
    if (WaitForSingleObject(break_received, _wtoi(option(argc, argv, L"--exit-after-ms", L"60000"))) == WAIT_OBJECT_0)
        printf("stopping on CTRL_BREAK\n");
    else
        printf("exiting by itself\n");
    fflush(stdout);
    return _wtoi(option(argc, argv, L"--exit-code", L"0"));
}

// MARK: control program

static int install(const wchar_t *name, const wchar_t *command_line) {
    punctual_failure_action actions[3] = {{1, 1000}, {1, 5000}, {0, 0}};
    wchar_t display_name[300];
    _snwprintf(display_name, 299, L"Punctual glue test (%ls)", name);
    display_name[299] = 0;
    punctual_service_config config = {
        .name = name,
        .display_name = display_name,
        .description = L"Installed by the CPunctualWindows test driver",
        .command_line = command_line,
        .start_type = PUNCTUAL_START_DEMAND,
        .dependencies = L"RpcSs\0\0",
        .failure_actions = actions,
        .failure_action_count = 3,
        .failure_reset_seconds = 86400,
        .failure_actions_on_non_crash = 1,
        .preshutdown_timeout_ms = 30000,
    };
    uint32_t unsupported;
    uint32_t error = punctual_scm_install(&config, &unsupported);
    printf("install error=%u unsupported=%u\n", error, unsupported);
    return error ? 1 : 0;
}

static void print_state(ULONGLONG began, const punctual_service_state *s) {
    printf("%llu ms state=%s checkpoint=%u hint=%u pid=%u exit=%u/%u accepts=%u\n", GetTickCount64() - began,
           state_name(s->status.state), s->status.check_point, s->status.wait_hint_ms, s->process_id,
           s->status.win32_exit_code, s->status.service_specific_exit_code, s->status.controls_accepted);
    fflush(stdout);
}

// Polls every 10 ms, printing each change, until `want` (0), STOPPED while starting (4) or timeout (3).
static int wait_for(const wchar_t *name, uint32_t want, uint32_t timeout_ms, ULONGLONG began) {
    punctual_service_state last = {{0}, 0}, now;
    for (;;) {
        uint32_t error = punctual_scm_query(name, &now);
        if (error) {
            printf("query error=%u\n", error);
            return 2;
        }
        if (memcmp(&now, &last, sizeof now)) print_state(began, &now);
        last = now;
        if (now.status.state == want) return 0;
        if (want == SERVICE_RUNNING && now.status.state == SERVICE_STOPPED) return 4;
        if (GetTickCount64() - began > timeout_ms) return 3;
        Sleep(10);
    }
}

// MARK: probes and run support

// What `probe https` asks of TLS: the name to check, the CA file, whether to check, the protocol offered.
typedef struct {
    const char *name;
    int is_address;
    const char *ca_file;
    int verify;
    const char *alpn;
} tls_options;

// Sends `request` over a probe's connection (with TLS when `tls` is given) and prints the answer's first
// line, as the Swift side reads it.
static int exchange(const char *kind, const char *host, uint16_t port, const char *request, size_t length,
                    uint32_t timeout_ms, const tls_options *tls) {
    char detail[256] = "";
    punctual_connection *connection = punctual_connection_open(host, port, timeout_ms, detail, sizeof detail);
    if (!connection) {
        printf("%s connected=0 detail=%s\n", kind, detail);
        return 0;
    }
    char protocol[256] = "";
    if (tls) {
        if (!punctual_connection_start_tls(connection, tls->name, tls->is_address, tls->ca_file, tls->verify,
                                           tls->alpn, timeout_ms, detail, sizeof detail)) {
            punctual_connection_close(connection);
            printf("%s tls=0 detail=%s\n", kind, detail);
            return 0;
        }
        if (!punctual_connection_application_protocol(connection, protocol, sizeof protocol))
            snprintf(protocol, sizeof protocol, "none");
    }
    int sent = punctual_connection_send(connection, (const uint8_t *)request, length, timeout_ms);
    uint8_t answer[4096];
    size_t received = 0;
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    while (sent && received < sizeof answer && !memchr(answer, '\n', received)) {
        ULONGLONG now = GetTickCount64();
        if (now >= deadline) break;
        long count = punctual_connection_receive(connection, answer + received, sizeof answer - received,
                                                 (uint32_t)(deadline - now));
        if (count == -2) continue;
        if (count <= 0) break;
        received += (size_t)count;
    }
    punctual_connection_close(connection);
    char *end = memchr(answer, '\r', received);
    printf("%s %ssent=%d received=%u first=%.*s%s%s\n", kind, tls ? "tls=1 " : "", sent, (unsigned)received,
           (int)(end ? (size_t)(end - (char *)answer) : received), (char *)answer, tls ? " alpn=" : "",
           tls ? protocol : "");
    return 0;
}

// Plays a polled probe as the Swift side does: `probe tcp HOST PORT MS`, `probe http HOST PORT PATH MS`,
// `probe https HOST PORT PATH MS [--ca WINPATH] [--insecure] [--name NAME] [--alpn PROTOCOL]` (the
// certificate checked for NAME, by default HOST), `probe redis HOST PORT MS` (PING),
// `probe file PATH`, `probe secret PATH` (a password file, read whole), `probe exec COMMAND_LINE MS` (a Job with output to NUL, ended at the limit).
// Starts COMMAND in a Job of its own, its output going nowhere.
static uint32_t spawn_silent(const wchar_t *command, punctual_child **child) {
    void *null_output;
    uint32_t error = punctual_null_handle(&null_output);
    if (error) return error;
    error = punctual_child_spawn(command, NULL, NULL, null_output, null_output, child);
    punctual_handle_close(null_output);
    return error;
}

static int run_probe(int argc, wchar_t **argv) {
    char host[256] = "", detail[128] = "";
    if (argc >= 4) WideCharToMultiByte(CP_UTF8, 0, argv[3], -1, host, sizeof host, NULL, NULL);
    if (!wcscmp(argv[2], L"tcp") && argc >= 6) {
        int passed = punctual_tcp_check(host, (uint16_t)_wtoi(argv[4]), (uint32_t)_wtoi(argv[5]), detail, sizeof detail);
        printf("tcp passed=%d detail=%s\n", passed, detail);
        return 0;
    }
    if (!wcscmp(argv[2], L"http") && argc >= 7) {
        char request[512];
        int length = snprintf(request, sizeof request, "GET %ls HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n",
                              argv[5], host);
        return exchange("http", host, (uint16_t)_wtoi(argv[4]), request, (size_t)length, (uint32_t)_wtoi(argv[6]),
                        NULL);
    }
    if (!wcscmp(argv[2], L"https") && argc >= 7) {
        char name[256], ca_file[MAX_PATH * 3], alpn[256], request[512];
        WideCharToMultiByte(CP_UTF8, 0, option(argc, argv, L"--name", argv[3]), -1, name, sizeof name, NULL, NULL);
        WideCharToMultiByte(CP_UTF8, 0, option(argc, argv, L"--ca", L""), -1, ca_file, sizeof ca_file, NULL, NULL);
        WideCharToMultiByte(CP_UTF8, 0, option(argc, argv, L"--alpn", L""), -1, alpn, sizeof alpn, NULL, NULL);
        int insecure = 0;
        for (int i = 7; i < argc; i++) insecure |= !wcscmp(argv[i], L"--insecure");
        tls_options tls = {
            .name = name,
            .is_address = strspn(name, "0123456789.") == strlen(name) || strchr(name, ':') != NULL,
            .ca_file = *ca_file ? ca_file : NULL,
            .verify = !insecure,
            .alpn = *alpn ? alpn : NULL,
        };
        int length = snprintf(request, sizeof request, "GET %ls HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n",
                              argv[5], name);
        return exchange("https", host, (uint16_t)_wtoi(argv[4]), request, (size_t)length, (uint32_t)_wtoi(argv[6]),
                        &tls);
    }
    if (!wcscmp(argv[2], L"redis") && argc >= 6) {
        static const char ping[] = "*1\r\n$4\r\nPING\r\n";
        return exchange("redis", host, (uint16_t)_wtoi(argv[4]), ping, sizeof ping - 1, (uint32_t)_wtoi(argv[5]),
                        NULL);
    }
    if (!wcscmp(argv[2], L"file") && argc >= 4) {
        printf("file exists=%d\n", punctual_path_exists(argv[3]));
        return 0;
    }
    if (!wcscmp(argv[2], L"secret") && argc >= 4) {
        uint8_t secret[64];
        size_t count = 0;
        uint32_t error = punctual_read_file(argv[3], secret, sizeof secret, &count);
        printf("secret error=%u count=%u text=%.*s\n", error, (unsigned)count, (int)count, (char *)secret);
        return 0;
    }
    if (!wcscmp(argv[2], L"exec") && argc >= 5) {
        punctual_child *child;
        uint32_t error = spawn_silent(argv[3], &child);
        if (error) {
            printf("exec error=%u\n", error);
            return 0;
        }
        uint32_t code = 0;
        error = punctual_child_wait(child, (uint32_t)_wtoi(argv[4]), &code);
        if (error == WAIT_TIMEOUT) {
            punctual_child_terminate(child, 9);
            punctual_child_wait(child, 1000, &code);
            printf("exec timed-out pid=%u\n", punctual_child_pid(child));
        } else {
            printf("exec exit=%u\n", code);
        }
        punctual_child_close(child);
        return 0;
    }
    if (!wcscmp(argv[2], L"usage") && argc >= 4) {
        // The Job's accounting while COMMAND (argv[3]) runs, as --progress-timeout samples it.
        punctual_child *child;
        uint32_t error = spawn_silent(argv[3], &child);
        if (error) {
            printf("usage spawn-error=%u\n", error);
            return 0;
        }
        uint32_t code = 0;
        punctual_child_wait(child, 10000, &code);
        uint64_t cpu = 0, read = 0, written = 0;
        error = punctual_child_usage(child, &cpu, &read, &written);
        printf("usage error=%u cpu-ms=%llu read=%llu written=%llu\n", error, (unsigned long long)(cpu / 10000),
               (unsigned long long)read, (unsigned long long)written);
        punctual_child_close(child);
        return 0;
    }
    return 64;
}

static void ignore_stop(uint32_t event, void *context) {
    (void)event;
    (void)context;
}

static void count_up(void *context) {
    InterlockedIncrement((volatile LONG *)context);
}

// The events, threads, standard output and environment the Swift side on Windows uses.
static int run_support(void) {
    void *event;
    uint32_t error = punctual_event_create(&event);
    ULONGLONG began = GetTickCount64();
    int timed_out = !punctual_event_wait(event, 200);
    unsigned waited = (unsigned)(GetTickCount64() - began);
    punctual_event_set(event);
    int set_seen = punctual_event_wait(event, 0);
    int auto_reset = !punctual_event_wait(event, 0);
    punctual_event_set(event);
    punctual_event_reset(event);
    int reset = !punctual_event_wait(event, 0);
    printf("event error=%u timed-out=%d after=%u set-seen=%d auto-reset=%d reset=%d\n", error, timed_out, waited,
           set_seen, auto_reset, reset);
    volatile LONG count = 0;
    for (int i = 0; i < 3; i++) punctual_thread_start(count_up, (void *)&count);
    for (int i = 0; i < 100 && count < 3; i++) Sleep(10);
    printf("threads ran=%ld\n", count);
    const char *text = "written through the glue\n";
    printf("standard-write error=%u\n", punctual_standard_write(1, text, (uint32_t)strlen(text)));
    fflush(stdout);
    wchar_t value[64];
    error = punctual_environment_value(L"PUNCTUAL_GLUE_VALUE", value, 64);
    printf("environment error=%u value=%ls\n", error, error ? L"" : value);
    printf("console-on-stop error=%u\n", punctual_console_on_stop(ignore_stop, NULL));
    return 0;
}

int wmain(int argc, wchar_t **argv) {
    if (argc < 2) return 64;
    const wchar_t *role = argv[1];
    if (!wcscmp(role, L"service") && argc >= 3) return run_service(argc, argv);
    if (!wcscmp(role, L"child")) return run_child(argc, argv);
    if (!wcscmp(role, L"probe") && argc >= 3) return run_probe(argc, argv);
    if (!wcscmp(role, L"run-support")) return run_support();
    if (!wcscmp(role, L"log-folder") && argc >= 4) {
        uint32_t before = punctual_log_folder_check(argv[2], argv[3]);
        uint32_t made = punctual_log_folder_make(argv[2], argv[3], argc >= 5 ? argv[4] : NULL);
        printf("log-folder check=%u make=%u after=%u\n", before, made, punctual_log_folder_check(argv[2], argv[3]));
        PSECURITY_DESCRIPTOR descriptor = NULL;
        LPWSTR text = NULL;
        if (GetNamedSecurityInfoW(argv[3], SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL, NULL, NULL, NULL,
                                  &descriptor) == ERROR_SUCCESS &&
            ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1,
                                                                 DACL_SECURITY_INFORMATION, &text, NULL))
            printf("log-folder access=%ls\n", text);
        LocalFree(text);
        LocalFree(descriptor);
        return 0;
    }
    if (!wcscmp(role, L"sleeper")) {
        Sleep(INFINITE);
        return 0;
    }
    if (!wcscmp(role, L"install") && argc >= 4) return install(argv[2], argv[3]);
    if (!wcscmp(role, L"describe") && argc >= 3) {
        static wchar_t text[8192];
        uint32_t error = punctual_scm_describe(argv[2], text, 8192);
        printf("describe error=%u\n%ls", error, text);
        return error ? 1 : 0;
    }
    if (!wcscmp(role, L"uninstall") && argc >= 3) {
        uint32_t error = punctual_scm_uninstall(argv[2], 10000);
        printf("uninstall error=%u\n", error);
        return error ? 1 : 0;
    }
    if (!wcscmp(role, L"start") && argc >= 4) {
        ULONGLONG began = GetTickCount64();
        uint32_t error = punctual_scm_start(argv[2], 0, NULL);
        printf("start error=%u\n", error);
        return error ? 1 : wait_for(argv[2], SERVICE_RUNNING, _wtoi(argv[3]), began);
    }
    if (!wcscmp(role, L"stop") && argc >= 4) {
        ULONGLONG began = GetTickCount64();
        punctual_service_state state;
        uint32_t error = punctual_scm_control(argv[2], SERVICE_CONTROL_STOP, &state);
        printf("stop error=%u\n", error);
        return error ? 1 : wait_for(argv[2], SERVICE_STOPPED, _wtoi(argv[3]), began);
    }
    if (!wcscmp(role, L"control") && argc >= 4) {
        punctual_service_state state;
        uint32_t error = punctual_scm_control(argv[2], (uint32_t)_wtoi(argv[3]), &state);
        printf("control %ls error=%u\n", argv[3], error);
        return 0;
    }
    if (!wcscmp(role, L"query") && argc >= 3) {
        punctual_service_state state;
        uint32_t error = punctual_scm_query(argv[2], &state);
        printf("query error=%u\n", error);
        if (!error) print_state(GetTickCount64(), &state);
        return error ? 1 : 0;
    }
    if ((!wcscmp(role, L"alive") || !wcscmp(role, L"kill")) && argc >= 3) {
        HANDLE process = OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, (DWORD)_wtoi(argv[2]));
        BOOL running = process && WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
        if (!wcscmp(role, L"kill") && running) running = !TerminateProcess(process, 9);
        printf("%s\n", running ? "alive" : "gone");
        if (process) CloseHandle(process);
        return 0;
    }
    if (!wcscmp(role, L"split") && argc >= 3) {
        int count;
        LPWSTR *arguments = CommandLineToArgvW(argv[2], &count);
        for (int i = 0; arguments && i < count; i++) printf("[%ls]\n", arguments[i]);
        LocalFree(arguments);
        return arguments ? 0 : 1;
    }
    if (!wcscmp(role, L"eventlog-install") && argc >= 3) {
        printf("eventlog install=%u\n", punctual_event_source_install(argv[2]));
        return 0;
    }
    if (!wcscmp(role, L"eventlog-report") && argc >= 3) {
        printf("eventlog report=%u\n", punctual_event_report(argv[2], 4, 1000, L"punctual: the glue's test event"));
        return 0;
    }
    if (!wcscmp(role, L"eventlog-uninstall") && argc >= 3) {
        printf("eventlog uninstall=%u\n", punctual_event_source_uninstall(argv[2]));
        return 0;
    }
    return 64;
}
