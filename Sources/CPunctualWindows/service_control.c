// The control program side: install and uninstall a service, start it, send it controls, query it.
#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <stdio.h>

#include "CPunctualWindows.h"

static SC_HANDLE open_service(const wchar_t *name, DWORD access, DWORD *error) {
    SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!manager) {
        *error = GetLastError();
        return NULL;
    }
    SC_HANDLE service = OpenServiceW(manager, name, access);
    *error = service ? NO_ERROR : GetLastError();
    CloseServiceHandle(manager);
    return service;
}

static void copy_state(const SERVICE_STATUS_PROCESS *from, punctual_service_state *to) {
    to->status.state = from->dwCurrentState;
    to->status.controls_accepted = from->dwControlsAccepted;
    to->status.win32_exit_code = from->dwWin32ExitCode;
    to->status.service_specific_exit_code = from->dwServiceSpecificExitCode;
    to->status.check_point = from->dwCheckPoint;
    to->status.wait_hint_ms = from->dwWaitHint;
    to->process_id = from->dwProcessId;
}

// Applies one ChangeServiceConfig2W setting. A level the SCM does not implement (Wine answers
// ERROR_INVALID_LEVEL for some) is recorded in `unsupported` and skipped; other errors are returned.
static DWORD apply(SC_HANDLE service, DWORD level, void *info, uint32_t setting, uint32_t *unsupported) {
    if (ChangeServiceConfig2W(service, level, info)) return NO_ERROR;
    DWORD error = GetLastError();
    if (error != ERROR_INVALID_LEVEL) return error;
    *unsupported |= setting;
    return NO_ERROR;
}

// A reboot step may only be set by a process whose SE_SHUTDOWN_NAME privilege is enabled, which an
// administrator's token has but does not enable by default.
static void enable_shutdown_privilege(void) {
    HANDLE token;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token)) return;
    TOKEN_PRIVILEGES privileges = {.PrivilegeCount = 1};
    if (LookupPrivilegeValueW(NULL, L"SeShutdownPrivilege", &privileges.Privileges[0].Luid)) {
        privileges.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
        AdjustTokenPrivileges(token, FALSE, &privileges, 0, NULL, NULL);
    }
    CloseHandle(token);
}

static DWORD configure(SC_HANDLE service, const punctual_service_config *config, uint32_t *unsupported) {
    DWORD error = NO_ERROR;
    if (config->description) {
        SERVICE_DESCRIPTIONW description = {(LPWSTR)config->description};
        error = apply(service, SERVICE_CONFIG_DESCRIPTION, &description, PUNCTUAL_SETTING_DESCRIPTION, unsupported);
    }
    if (!error && config->start_type == PUNCTUAL_START_DELAYED_AUTO) {
        SERVICE_DELAYED_AUTO_START_INFO delayed = {TRUE};
        error = apply(
            service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &delayed, PUNCTUAL_SETTING_DELAYED_START, unsupported);
    }
    if (!error && config->failure_action_count > 0) {
        SC_ACTION actions[PUNCTUAL_MOST_FAILURE_ACTIONS];
        if (config->failure_action_count > PUNCTUAL_MOST_FAILURE_ACTIONS) return ERROR_INVALID_PARAMETER;
        DWORD count = config->failure_action_count;
        for (DWORD i = 0; i < count; i++) {
            actions[i].Type = (SC_ACTION_TYPE)config->failure_actions[i].type;
            actions[i].Delay = config->failure_actions[i].delay_ms;
            if (actions[i].Type == SC_ACTION_REBOOT) enable_shutdown_privilege();
        }
        SERVICE_FAILURE_ACTIONSW failure = {
            .dwResetPeriod = config->failure_reset_seconds,
            .lpCommand = (LPWSTR)config->failure_command,
            .cActions = count,
            .lpsaActions = actions,
        };
        error = apply(service, SERVICE_CONFIG_FAILURE_ACTIONS, &failure, PUNCTUAL_SETTING_FAILURE_ACTIONS, unsupported);
    }
    if (!error && config->failure_actions_on_non_crash) {
        SERVICE_FAILURE_ACTIONS_FLAG flag = {TRUE};
        error = apply(service, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &flag, PUNCTUAL_SETTING_NON_CRASH_FLAG, unsupported);
    }
    if (!error && config->preshutdown_timeout_ms > 0) {
        SERVICE_PRESHUTDOWN_INFO preshutdown = {config->preshutdown_timeout_ms};
        error = apply(
            service, SERVICE_CONFIG_PRESHUTDOWN_INFO, &preshutdown, PUNCTUAL_SETTING_PRESHUTDOWN, unsupported);
    }
    return error;
}

uint32_t punctual_scm_install(const punctual_service_config *config, uint32_t *unsupported) {
    *unsupported = 0;
    SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CREATE_SERVICE);
    if (!manager) return GetLastError();
    DWORD start = config->start_type == PUNCTUAL_START_DEMAND     ? SERVICE_DEMAND_START
                  : config->start_type == PUNCTUAL_START_DISABLED ? SERVICE_DISABLED
                                                                  : SERVICE_AUTO_START;
    SC_HANDLE service = CreateServiceW(
        manager, config->name, config->display_name ? config->display_name : config->name, SERVICE_ALL_ACCESS,
        SERVICE_WIN32_OWN_PROCESS, start, SERVICE_ERROR_NORMAL, config->command_line, NULL, NULL,
        config->dependencies, config->account, config->password);
    DWORD error = service ? NO_ERROR : GetLastError();
    if (service) {
        error = configure(service, config, unsupported);
        if (error != NO_ERROR) DeleteService(service);
        CloseServiceHandle(service);
    }
    CloseServiceHandle(manager);
    return error;
}

uint32_t punctual_scm_query(const wchar_t *name, punctual_service_state *out) {
    DWORD error;
    SC_HANDLE service = open_service(name, SERVICE_QUERY_STATUS, &error);
    if (!service) return error;
    SERVICE_STATUS_PROCESS status;
    DWORD needed;
    if (QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, (BYTE *)&status, sizeof status, &needed))
        copy_state(&status, out);
    else
        error = GetLastError();
    CloseServiceHandle(service);
    return error;
}

uint32_t punctual_scm_start(const wchar_t *name, uint32_t argc, const wchar_t **argv) {
    DWORD error;
    SC_HANDLE service = open_service(name, SERVICE_START, &error);
    if (!service) return error;
    if (!StartServiceW(service, argc, (LPCWSTR *)argv)) error = GetLastError();
    CloseServiceHandle(service);
    return error;
}

// The one access right a control needs, so that a user delegated only that right may send it.
static DWORD access_for(uint32_t control) {
    if (control == SERVICE_CONTROL_STOP) return SERVICE_STOP;
    if (control == SERVICE_CONTROL_INTERROGATE) return SERVICE_INTERROGATE;
    if (control >= 128 && control <= 255) return SERVICE_USER_DEFINED_CONTROL;
    return SERVICE_PAUSE_CONTINUE;
}

uint32_t punctual_scm_control(const wchar_t *name, uint32_t control, punctual_service_state *out) {
    DWORD error;
    SC_HANDLE service = open_service(name, access_for(control) | (out ? SERVICE_QUERY_STATUS : 0), &error);
    if (!service) return error;
    SERVICE_STATUS status;
    if (ControlService(service, control, &status)) {
        if (out) {
            SERVICE_STATUS_PROCESS full = {0};
            memcpy(&full, &status, sizeof status);
            DWORD needed;
            QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, (BYTE *)&full, sizeof full, &needed);
            copy_state(&full, out);
        }
    } else {
        error = GetLastError();
    }
    CloseServiceHandle(service);
    return error;
}

uint32_t punctual_scm_uninstall(const wchar_t *name, uint32_t stop_timeout_ms) {
    DWORD error;
    SC_HANDLE service = open_service(name, DELETE | SERVICE_STOP | SERVICE_QUERY_STATUS, &error);
    if (!service) return error;
    // Ask again while the service cannot take STOP yet (START_PENDING answers 1061); never delete a
    // service that still runs: it would only be marked for deletion, and a new install would fail.
    SERVICE_STATUS_PROCESS status;
    DWORD needed;
    ULONGLONG deadline = GetTickCount64() + stop_timeout_ms;
    for (;;) {
        if (!QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, (BYTE *)&status, sizeof status, &needed)) {
            error = GetLastError();
            break;
        }
        if (status.dwCurrentState == SERVICE_STOPPED) break;
        if (GetTickCount64() >= deadline) {
            error = ERROR_SERVICE_REQUEST_TIMEOUT;
            break;
        }
        if (status.dwCurrentState != SERVICE_STOP_PENDING) {
            SERVICE_STATUS ignored;
            ControlService(service, SERVICE_CONTROL_STOP, &ignored);
        }
        Sleep(100);
    }
    if (error == NO_ERROR && !DeleteService(service)) error = GetLastError();
    CloseServiceHandle(service);
    return error;
}

// Appends "key=value\n" to text, keeping the NUL within capacity.
static void append(wchar_t *text, uint32_t capacity, const wchar_t *key, const wchar_t *value) {
    size_t used = wcslen(text);
    if (used + 2 >= capacity) return;
    _snwprintf(text + used, capacity - used - 1, L"%ls=%ls\n", key, value ? value : L"");
    text[capacity - 1] = 0;
}

static BYTE *query_config2(SC_HANDLE service, DWORD level) {
    DWORD needed = 0;
    QueryServiceConfig2W(service, level, NULL, 0, &needed);
    if (needed == 0) return NULL;
    BYTE *buffer = LocalAlloc(LPTR, needed);
    if (buffer && !QueryServiceConfig2W(service, level, buffer, needed, &needed)) {
        LocalFree(buffer);
        return NULL;
    }
    return buffer;
}

uint32_t punctual_scm_describe(const wchar_t *name, wchar_t *text, uint32_t capacity) {
    DWORD error;
    if (capacity == 0) return ERROR_INSUFFICIENT_BUFFER;
    text[0] = 0;
    SC_HANDLE service = open_service(name, SERVICE_QUERY_CONFIG, &error);
    if (!service) return error;
    DWORD needed = 0;
    QueryServiceConfigW(service, NULL, 0, &needed);
    QUERY_SERVICE_CONFIGW *config = LocalAlloc(LPTR, needed ? needed : 1);
    if (!config || !QueryServiceConfigW(service, config, needed, &needed)) {
        error = GetLastError();
        LocalFree(config);
        CloseServiceHandle(service);
        return error;
    }
    wchar_t number[64];
    append(text, capacity, L"binary", config->lpBinaryPathName);
    SERVICE_DELAYED_AUTO_START_INFO *delayed =
        (SERVICE_DELAYED_AUTO_START_INFO *)query_config2(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO);
    const wchar_t *start = config->dwStartType == SERVICE_DEMAND_START ? L"demand"
                           : config->dwStartType == SERVICE_DISABLED   ? L"disabled"
                           : delayed && delayed->fDelayedAutostart     ? L"delayed-auto"
                                                                       : L"auto";
    append(text, capacity, L"start", start);
    append(text, capacity, L"account", config->lpServiceStartName);
    wchar_t dependencies[512] = L"";
    for (const wchar_t *d = config->lpDependencies; d && *d; d += wcslen(d) + 1) {
        if (dependencies[0]) wcsncat(dependencies, L",", 511 - wcslen(dependencies));
        wcsncat(dependencies, d, 511 - wcslen(dependencies));
    }
    append(text, capacity, L"dependencies", dependencies);
    append(text, capacity, L"display-name", config->lpDisplayName);
    SERVICE_DESCRIPTIONW *description = (SERVICE_DESCRIPTIONW *)query_config2(service, SERVICE_CONFIG_DESCRIPTION);
    append(text, capacity, L"description", description ? description->lpDescription : NULL);
    SERVICE_FAILURE_ACTIONSW *failure = (SERVICE_FAILURE_ACTIONSW *)query_config2(service, SERVICE_CONFIG_FAILURE_ACTIONS);
    wchar_t actions[512] = L"";
    for (DWORD i = 0; failure && i < failure->cActions; i++) {
        static const wchar_t *names[] = {L"none", L"restart", L"reboot", L"run-command"};
        DWORD type = failure->lpsaActions[i].Type;
        _snwprintf(number, 63, L"%ls%ls/%lums", actions[0] ? L"," : L"", type < 4 ? names[type] : L"?",
                   failure->lpsaActions[i].Delay);
        number[63] = 0;
        wcsncat(actions, number, 511 - wcslen(actions));
    }
    append(text, capacity, L"failure-actions", actions);
    _snwprintf(number, 63, L"%lu", failure ? failure->dwResetPeriod : 0);
    number[63] = 0;
    append(text, capacity, L"failure-reset-seconds", number);
    SERVICE_FAILURE_ACTIONS_FLAG *flag =
        (SERVICE_FAILURE_ACTIONS_FLAG *)query_config2(service, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG);
    append(text, capacity, L"failure-on-non-crash", flag && flag->fFailureActionsOnNonCrashFailures ? L"yes" : L"no");
    SERVICE_PRESHUTDOWN_INFO *preshutdown =
        (SERVICE_PRESHUTDOWN_INFO *)query_config2(service, SERVICE_CONFIG_PRESHUTDOWN_INFO);
    _snwprintf(number, 63, L"%lu", preshutdown ? preshutdown->dwPreshutdownTimeout : 0);
    number[63] = 0;
    append(text, capacity, L"preshutdown-timeout-ms", number);
    LocalFree(delayed);
    LocalFree(description);
    LocalFree(failure);
    LocalFree(flag);
    LocalFree(preshutdown);
    LocalFree(config);
    CloseServiceHandle(service);
    return NO_ERROR;
}
#endif
