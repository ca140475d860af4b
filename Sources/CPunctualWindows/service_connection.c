// The service side: the dispatcher on a thread of its own, ServiceMain, the control handler and
// SetServiceStatus.
#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "CPunctualWindows.h"

static WCHAR service_name[257];
static punctual_control_callback control_callback;
static void *control_context;
static SERVICE_STATUS_HANDLE status_handle;
static HANDLE registered;      // set once ServiceMain has a status handle (or failed to get one)
static HANDLE stopped;         // set once STOPPED went out: ServiceMain may return
static HANDLE dispatcher;      // the thread in StartServiceCtrlDispatcherW
static DWORD dispatcher_error;
static DWORD register_error;
static BOOL stopped_sent;
static CRITICAL_SECTION status_lock;

static DWORD WINAPI handler(DWORD control, DWORD event_type, LPVOID event_data, LPVOID context) {
    (void)event_type;
    (void)event_data;
    (void)context;
    if (control == SERVICE_CONTROL_INTERROGATE) return NO_ERROR;
    return control_callback(control, control_context) ? NO_ERROR : ERROR_CALL_NOT_IMPLEMENTED;
}

static void WINAPI service_main(DWORD argc, LPWSTR *argv) {
    // An own-process service gets the name it was started under, whatever the table said.
    if (argc > 0 && argv[0]) lstrcpynW(service_name, argv[0], 257);
    status_handle = RegisterServiceCtrlHandlerExW(service_name, handler, NULL);
    if (!status_handle) register_error = GetLastError();
    SetEvent(registered);
    if (status_handle) WaitForSingleObject(stopped, INFINITE);
}

static DWORD WINAPI dispatch(LPVOID unused) {
    (void)unused;
    SERVICE_TABLE_ENTRYW table[2] = {{service_name, service_main}, {NULL, NULL}};
    if (!StartServiceCtrlDispatcherW(table)) dispatcher_error = GetLastError();
    SetEvent(registered);
    return 0;
}

uint32_t punctual_service_connect(
    const wchar_t *name, punctual_control_callback callback, void *context, uint32_t timeout_ms) {
    if (dispatcher) return ERROR_ALREADY_INITIALIZED;
    lstrcpynW(service_name, name, 257);
    control_callback = callback;
    control_context = context;
    InitializeCriticalSection(&status_lock);
    registered = CreateEventW(NULL, TRUE, FALSE, NULL);
    stopped = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!registered || !stopped) return GetLastError();
    dispatcher = CreateThread(NULL, 0, dispatch, NULL, 0, NULL);
    if (!dispatcher) return GetLastError();
    if (WaitForSingleObject(registered, timeout_ms) != WAIT_OBJECT_0) return WAIT_TIMEOUT;
    if (dispatcher_error) return dispatcher_error;
    return status_handle ? NO_ERROR : register_error;
}

uint32_t punctual_service_registered_name(wchar_t *name, uint32_t capacity) {
    if (!status_handle) return ERROR_INVALID_HANDLE;
    lstrcpynW(name, service_name, (int)capacity);
    return NO_ERROR;
}

uint32_t punctual_service_set_status(const punctual_service_status *status) {
    if (!status_handle) return ERROR_INVALID_HANDLE;
    SERVICE_STATUS s = {
        .dwServiceType = SERVICE_WIN32_OWN_PROCESS,
        .dwCurrentState = status->state,
        .dwControlsAccepted = status->controls_accepted,
        .dwWin32ExitCode = status->win32_exit_code,
        .dwServiceSpecificExitCode = status->service_specific_exit_code,
        .dwCheckPoint = status->check_point,
        .dwWaitHint = status->wait_hint_ms,
    };
    // Nothing goes out after STOPPED: the handle may already be invalid, and a second STOPPED can
    // crash the process.
    EnterCriticalSection(&status_lock);
    DWORD error = ERROR_INVALID_STATE;
    if (!stopped_sent) {
        stopped_sent = status->state == SERVICE_STOPPED;
        error = SetServiceStatus(status_handle, &s) ? NO_ERROR : GetLastError();
    }
    LeaveCriticalSection(&status_lock);
    if (error == ERROR_INVALID_STATE) return error;
    if (status->state == SERVICE_STOPPED) {
        SetEvent(stopped);
        WaitForSingleObject(dispatcher, 5000);
    }
    return error;
}
#endif
