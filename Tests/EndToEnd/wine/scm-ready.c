// Waits until Wine's service manager can be used, for scripts/lib/wine-prefix.sh.
//
//   scm-ready LIMIT_MS
//
// Ready means all of these, checked every 250 ms:
//   - exactly one services.exe runs on the prefix: a second `wineboot --init` starts a second one,
//     and the two answer the SCM's pipe in turn, each with its own database;
//   - services.exe has set its start-up event, which it does once its auto-start services started;
//   - a start request is served now: StartServiceW of a throwaway service whose program does not
//     exist answers "file not found" at once. While another start holds the database (auto-start,
//     a driver that never connects), Wine answers ERROR_SERVICE_DATABASE_LOCKED after 3 s.
//     LockServiceDatabase and QueryServiceLockStatusW cannot tell: they are stubs in Wine 8.
// Prints one line, "ready after N ms: ..." (exit 0) or "not ready after N ms: CAUSE" (exit 1).
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <tlhelp32.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

// services.exe's event, named in Wine's svcctl.idl (SVCCTL_STARTED_EVENT).
#define STARTED_EVENT L"__wine_SvcctlStarted"

static int count_processes(const wchar_t *name) {
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snapshot == INVALID_HANDLE_VALUE) return -1;
    PROCESSENTRY32W entry = {.dwSize = sizeof entry};
    int count = 0;
    for (BOOL more = Process32FirstW(snapshot, &entry); more; more = Process32NextW(snapshot, &entry))
        if (!_wcsicmp(entry.szExeFile, name)) count++;
    CloseHandle(snapshot);
    return count;
}

static BOOL started(void) {
    HANDLE event = OpenEventW(SYNCHRONIZE, FALSE, STARTED_EVENT);
    if (!event) return FALSE;
    BOOL set = WaitForSingleObject(event, 0) == WAIT_OBJECT_0;
    CloseHandle(event);
    return set;
}

// Creates, starts and deletes a service whose program is missing. Returns StartServiceW's error
// (2 or 3 when served), or the step that failed in *step.
static DWORD start_request(const char **step, ULONGLONG *took) {
    wchar_t name[64];
    swprintf(name, 64, L"PunctualReadyCheck%lu", GetCurrentProcessId());
    ULONGLONG began = GetTickCount64();
    SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (!manager) return *step = "OpenSCManagerW", GetLastError();
    SC_HANDLE service = CreateServiceW(manager, name, NULL, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                                       SERVICE_DEMAND_START, SERVICE_ERROR_IGNORE,
                                       L"C:\\punctual-ready-check\\no-such-program.exe", NULL, NULL, NULL, NULL, NULL);
    if (!service && GetLastError() == ERROR_SERVICE_EXISTS) service = OpenServiceW(manager, name, SERVICE_ALL_ACCESS);
    if (!service) {
        DWORD error = GetLastError();
        CloseServiceHandle(manager);
        return *step = "CreateServiceW", error;
    }
    DWORD error = StartServiceW(service, 0, NULL) ? ERROR_SUCCESS : GetLastError();
    *step = "StartServiceW";
    *took = GetTickCount64() - began;
    DeleteService(service);
    CloseServiceHandle(service);
    CloseServiceHandle(manager);
    return error;
}

int wmain(int argc, wchar_t **argv) {
    ULONGLONG limit = argc > 1 ? wcstoull(argv[1], NULL, 10) : 120000, began = GetTickCount64();
    char cause[256] = "not checked";
    for (;;) {
        int count = count_processes(L"services.exe");
        const char *step = "";
        ULONGLONG took = 0;
        if (count < 0)
            snprintf(cause, sizeof cause, "the processes cannot be listed (error %lu)", GetLastError());
        else if (count == 0)
            snprintf(cause, sizeof cause, "no services.exe runs");
        else if (count > 1)
            snprintf(cause, sizeof cause,
                     "%d services.exe run on this prefix (each `wineboot --init` starts one; they answer the SCM's "
                     "pipe in turn, each with its own database)",
                     count);
        else if (!started())
            snprintf(cause, sizeof cause, "services.exe has not set %ls: its auto-start services are still starting",
                     STARTED_EVENT);
        else {
            DWORD error = start_request(&step, &took);
            if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) {
                printf("ready after %llu ms: one services.exe, its auto-start done, a start request served in %llu ms\n",
                       GetTickCount64() - began, took);
                return 0;
            }
            if (error == ERROR_SERVICE_DATABASE_LOCKED)
                snprintf(cause, sizeof cause,
                         "StartServiceW answers 1055 (ERROR_SERVICE_DATABASE_LOCKED): another start holds the "
                         "service database");
            else
                snprintf(cause, sizeof cause, "%s answers error %lu", step, error);
        }
        ULONGLONG now = GetTickCount64();
        if (now - began >= limit) break;
        Sleep((DWORD)(limit - (now - began) < 250 ? limit - (now - began) : 250));
    }
    printf("not ready after %llu ms: %s\n", GetTickCount64() - began, cause);
    return 1;
}
