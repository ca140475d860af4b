// punctual's own messages in the Windows Event Log, under a registered source.
#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <stdio.h>

#include "CPunctualWindows.h"

static void source_key(const wchar_t *source, wchar_t *key, size_t capacity) {
    _snwprintf(key, capacity - 1, L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\%ls", source);
    key[capacity - 1] = 0;
}

// The message file .NET Framework 4 registers for its own event sources: every event id's text is
// the event's first string, which is how punctual writes its messages.
static const wchar_t message_file[] = L"%SystemRoot%\\Microsoft.NET\\Framework\\v4.0.30319\\EventLogMessages.dll";

uint32_t punctual_event_source_install(const wchar_t *source) {
    wchar_t key[512];
    source_key(source, key, 512);
    HKEY handle;
    LSTATUS status = RegCreateKeyExW(HKEY_LOCAL_MACHINE, key, 0, NULL, 0, KEY_SET_VALUE, NULL, &handle, NULL);
    if (status != ERROR_SUCCESS) return (uint32_t)status;
    DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;
    status = RegSetValueExW(handle, L"TypesSupported", 0, REG_DWORD, (const BYTE *)&types, sizeof types);
    wchar_t expanded[MAX_PATH];
    DWORD length = ExpandEnvironmentStringsW(message_file, expanded, MAX_PATH);
    if (status == ERROR_SUCCESS && length > 0 && length <= MAX_PATH &&
        GetFileAttributesW(expanded) != INVALID_FILE_ATTRIBUTES) {
        status = RegSetValueExW(handle, L"EventMessageFile", 0, REG_EXPAND_SZ, (const BYTE *)message_file,
                                sizeof message_file);
    }
    RegCloseKey(handle);
    return (uint32_t)status;
}

uint32_t punctual_event_source_uninstall(const wchar_t *source) {
    wchar_t key[512];
    source_key(source, key, 512);
    return (uint32_t)RegDeleteKeyW(HKEY_LOCAL_MACHINE, key);
}

uint32_t punctual_event_report(const wchar_t *source, uint16_t type, uint32_t event_id, const wchar_t *message) {
    HANDLE log = RegisterEventSourceW(NULL, source);
    if (!log) return GetLastError();
    LPCWSTR strings[1] = {message};
    DWORD error = ReportEventW(log, type, 0, event_id, NULL, 1, 0, strings, NULL) ? NO_ERROR : GetLastError();
    DeregisterEventSource(log);
    return error;
}
#endif
