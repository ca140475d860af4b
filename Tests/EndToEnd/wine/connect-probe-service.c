/*
 * A Windows service that waits before it connects to the Service Control Manager, like a program
 * whose initialisation runs before StartServiceCtrlDispatcherW. Used to check the emulated SCM's
 * connect-timeout rule against Wine's services.exe.
 *
 *   connect-probe.exe NAME DELAY_MS
 *
 * Once connected it reports RUNNING, accepts STOP and reports STOPPED when stopped.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <stdlib.h>

static WCHAR service_name[256];
static SERVICE_STATUS_HANDLE status_handle;
static HANDLE stop_event;

static void report(DWORD state, DWORD accepted) {
    SERVICE_STATUS status = {0};
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = state;
    status.dwControlsAccepted = accepted;
    SetServiceStatus(status_handle, &status);
}

static DWORD WINAPI handler(DWORD control, DWORD type, LPVOID data, LPVOID context) {
    (void)type;
    (void)data;
    (void)context;
    switch (control) {
    case SERVICE_CONTROL_STOP:
        report(SERVICE_STOP_PENDING, 0);
        SetEvent(stop_event);
        return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

static void WINAPI service_main(DWORD argc, LPWSTR *argv) {
    (void)argc;
    (void)argv;
    status_handle = RegisterServiceCtrlHandlerExW(service_name, handler, NULL);
    stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    report(SERVICE_RUNNING, SERVICE_ACCEPT_STOP);
    WaitForSingleObject(stop_event, INFINITE);
    report(SERVICE_STOPPED, 0);
}

int wmain(int argc, wchar_t **argv) {
    if (argc < 3) return 2;
    lstrcpynW(service_name, argv[1], 256);
    Sleep((DWORD)_wtoi(argv[2]));
    SERVICE_TABLE_ENTRYW table[] = {{service_name, service_main}, {NULL, NULL}};
    return StartServiceCtrlDispatcherW(table) ? 0 : 1;
}
