// The child on Windows: its own process group, inside a Job object that dies with punctual.
#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "CPunctualWindows.h"

struct punctual_child {
    HANDLE process;
    HANDLE job;
    DWORD pid;
};

// A service has no console, and CTRL_BREAK only reaches processes that share the sender's: give
// punctual a hidden one for its children to inherit.
static void ensure_console(void) {
    if (GetConsoleWindow() != NULL || !AllocConsole()) return;
    HWND window = GetConsoleWindow();
    if (window) ShowWindow(window, SW_HIDE);
}

uint32_t punctual_pipe_create(void **read_end, void **write_end) {
    // First the console: making one may start a console host that inherits every inheritable
    // handle, and one holding a pipe's write end would keep its reader from ever seeing the end.
    ensure_console();
    SECURITY_ATTRIBUTES inheritable = {sizeof inheritable, NULL, TRUE};
    HANDLE r, w;
    if (!CreatePipe(&r, &w, &inheritable, 0)) return GetLastError();
    SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0);
    *read_end = r;
    *write_end = w;
    return NO_ERROR;
}

uint32_t punctual_child_spawn(
    const wchar_t *command_line, const wchar_t *environment, const wchar_t *directory, void *stdout_handle,
    void *stderr_handle, punctual_child **child) {
    if (!stdout_handle || !stderr_handle) return ERROR_INVALID_PARAMETER;
    ensure_console();
    HANDLE job = CreateJobObjectW(NULL, NULL);
    if (!job) return GetLastError();
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits = {0};
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits)) {
        DWORD error = GetLastError();
        CloseHandle(job);
        return error;
    }
    // The child inherits its output handles and nothing else punctual has open.
    HANDLE inherited[2] = {stdout_handle, stderr_handle};
    SIZE_T list_size = 0;
    InitializeProcThreadAttributeList(NULL, 1, 0, &list_size);
    LPPROC_THREAD_ATTRIBUTE_LIST list = LocalAlloc(LPTR, list_size);
    if (!list || !InitializeProcThreadAttributeList(list, 1, 0, &list_size)) {
        DWORD error = list ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;
        LocalFree(list);
        CloseHandle(job);
        return error;
    }
    if (!UpdateProcThreadAttribute(
            list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited,
            (stdout_handle == stderr_handle ? 1 : 2) * sizeof(HANDLE), NULL, NULL)) {
        DWORD error = GetLastError();
        DeleteProcThreadAttributeList(list);
        LocalFree(list);
        CloseHandle(job);
        return error;
    }
    STARTUPINFOEXW startup = {.StartupInfo = {.cb = sizeof startup}, .lpAttributeList = list};
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    startup.StartupInfo.hStdOutput = stdout_handle;
    startup.StartupInfo.hStdError = stderr_handle;
    PROCESS_INFORMATION info;
    size_t length = wcslen(command_line) + 1;
    wchar_t *mutable_line = LocalAlloc(LPTR, length * sizeof(wchar_t));
    if (!mutable_line) {
        DeleteProcThreadAttributeList(list);
        LocalFree(list);
        CloseHandle(job);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    memcpy(mutable_line, command_line, length * sizeof(wchar_t));
    DWORD flags =
        CREATE_NEW_PROCESS_GROUP | CREATE_SUSPENDED | CREATE_UNICODE_ENVIRONMENT | EXTENDED_STARTUPINFO_PRESENT;
    BOOL created = CreateProcessW(
        NULL, mutable_line, NULL, NULL, TRUE, flags, (LPVOID)environment, directory, &startup.StartupInfo, &info);
    DWORD error = created ? NO_ERROR : GetLastError();
    LocalFree(mutable_line);
    DeleteProcThreadAttributeList(list);
    LocalFree(list);
    if (!created) {
        CloseHandle(job);
        return error;
    }
    if (!AssignProcessToJobObject(job, info.hProcess)) {
        error = GetLastError();
        TerminateProcess(info.hProcess, 1);
        CloseHandle(info.hThread);
        CloseHandle(info.hProcess);
        CloseHandle(job);
        return error;
    }
    ResumeThread(info.hThread);
    CloseHandle(info.hThread);
    punctual_child *made = LocalAlloc(LPTR, sizeof *made);
    if (!made) {
        TerminateJobObject(job, 1);
        CloseHandle(info.hProcess);
        CloseHandle(job);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    made->process = info.hProcess;
    made->job = job;
    made->pid = info.dwProcessId;
    *child = made;
    return NO_ERROR;
}

uint32_t punctual_child_pid(const punctual_child *child) { return child->pid; }

uint32_t punctual_child_break(punctual_child *child) {
    return GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, child->pid) ? NO_ERROR : GetLastError();
}

uint32_t punctual_child_wait(punctual_child *child, uint32_t timeout_ms, uint32_t *exit_code) {
    DWORD waited = WaitForSingleObject(child->process, timeout_ms);
    if (waited == WAIT_TIMEOUT) return WAIT_TIMEOUT;
    if (waited != WAIT_OBJECT_0) return GetLastError();
    DWORD code;
    if (!GetExitCodeProcess(child->process, &code)) return GetLastError();
    *exit_code = code;
    return NO_ERROR;
}

uint32_t punctual_child_usage(
    punctual_child *child, uint64_t *cpu_time_100ns, uint64_t *read_bytes, uint64_t *write_bytes) {
    JOBOBJECT_BASIC_AND_IO_ACCOUNTING_INFORMATION accounting;
    if (!QueryInformationJobObject(
            child->job, JobObjectBasicAndIoAccountingInformation, &accounting, sizeof accounting, NULL))
        return GetLastError();
    *cpu_time_100ns = (uint64_t)accounting.BasicInfo.TotalUserTime.QuadPart +
                      (uint64_t)accounting.BasicInfo.TotalKernelTime.QuadPart;
    *read_bytes = accounting.IoInfo.ReadTransferCount;
    *write_bytes = accounting.IoInfo.WriteTransferCount;
    return NO_ERROR;
}

uint32_t punctual_child_terminate(punctual_child *child, uint32_t exit_code) {
    return TerminateJobObject(child->job, exit_code) ? NO_ERROR : GetLastError();
}

void punctual_child_close(punctual_child *child) {
    CloseHandle(child->process);
    CloseHandle(child->job);
    LocalFree(child);
}
#endif
