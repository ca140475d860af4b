// What `punctual run` needs on Windows besides the service and the child: relay threads for the
// child's output, events and threads for the Swift side, the console's stop keys, standard output.
#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "CPunctualWindows.h"

struct punctual_relay {
    HANDLE pipe;
    HANDLE thread;
    punctual_output_callback callback;
    void *context;
};

static DWORD WINAPI relay_output(LPVOID argument) {
    punctual_relay *relay = argument;
    char buffer[65536];
    DWORD count;
    // A failed read is the end: a broken pipe (every process holding the write end is gone) or a
    // cancelled one. A read of 0 bytes is a writer's empty write, not the end.
    while (ReadFile(relay->pipe, buffer, sizeof buffer, &count, NULL))
        if (count > 0) relay->callback(buffer, count, relay->context);
    relay->callback(NULL, 0, relay->context);
    return 0;
}

uint32_t punctual_relay_start(
    void *read_end, punctual_output_callback callback, void *context, punctual_relay **relay) {
    punctual_relay *made = LocalAlloc(LPTR, sizeof *made);
    if (!made) return ERROR_NOT_ENOUGH_MEMORY;
    made->pipe = read_end;
    made->callback = callback;
    made->context = context;
    made->thread = CreateThread(NULL, 0, relay_output, made, 0, NULL);
    if (!made->thread) {
        DWORD error = GetLastError();
        LocalFree(made);
        return error;
    }
    *relay = made;
    return NO_ERROR;
}

uint32_t punctual_relay_wait(punctual_relay *relay, uint32_t timeout_ms) {
    DWORD waited = WaitForSingleObject(relay->thread, timeout_ms);
    return waited == WAIT_OBJECT_0 ? NO_ERROR : waited == WAIT_TIMEOUT ? WAIT_TIMEOUT : GetLastError();
}

int punctual_relay_close(punctual_relay *relay) {
    // Unblocks a read still waiting on a writer that outlived the child; a read begun after one
    // cancel (the thread was in the callback) needs another.
    for (int attempt = 0; attempt < 40; attempt++) {
        if (WaitForSingleObject(relay->thread, 0) == WAIT_OBJECT_0) break;
        CancelSynchronousIo(relay->thread);
        WaitForSingleObject(relay->thread, 50);
    }
    if (WaitForSingleObject(relay->thread, 0) != WAIT_OBJECT_0) return 0;
    CloseHandle(relay->thread);
    CloseHandle(relay->pipe);
    LocalFree(relay);
    return 1;
}

void punctual_handle_close(void *handle) { CloseHandle(handle); }

uint32_t punctual_event_create(void **event) {
    HANDLE made = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (!made) return GetLastError();
    *event = made;
    return NO_ERROR;
}

void punctual_event_set(void *event) { SetEvent(event); }

void punctual_event_reset(void *event) { ResetEvent(event); }

int punctual_event_wait(void *event, uint32_t timeout_ms) {
    return WaitForSingleObject(event, timeout_ms) == WAIT_OBJECT_0;
}

typedef struct {
    void (*body)(void *);
    void *context;
} thread_start;

static DWORD WINAPI run_thread(LPVOID argument) {
    thread_start start = *(thread_start *)argument;
    LocalFree(argument);
    start.body(start.context);
    return 0;
}

uint32_t punctual_thread_start(void (*body)(void *), void *context) {
    thread_start *start = LocalAlloc(LPTR, sizeof *start);
    if (!start) return ERROR_NOT_ENOUGH_MEMORY;
    start->body = body;
    start->context = context;
    HANDLE thread = CreateThread(NULL, 0, run_thread, start, 0, NULL);
    if (!thread) {
        DWORD error = GetLastError();
        LocalFree(start);
        return error;
    }
    CloseHandle(thread);
    return NO_ERROR;
}

static punctual_stop_callback stop_callback;
static void *stop_context;

static BOOL WINAPI on_console_control(DWORD event) {
    if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT && event != CTRL_CLOSE_EVENT) return FALSE;
    stop_callback(event, stop_context);
    // CTRL_CLOSE ends the process when the handler returns: give the stop its time first.
    if (event == CTRL_CLOSE_EVENT) Sleep(INFINITE);
    return TRUE;
}

uint32_t punctual_console_on_stop(punctual_stop_callback callback, void *context) {
    stop_callback = callback;
    stop_context = context;
    return SetConsoleCtrlHandler(on_console_control, TRUE) ? NO_ERROR : GetLastError();
}

void punctual_console_stop_listening(void) { SetConsoleCtrlHandler(on_console_control, FALSE); }

uint32_t punctual_standard_write(int stream, const void *bytes, uint32_t count) {
    HANDLE handle = GetStdHandle(stream == 2 ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE);
    if (handle == NULL || handle == INVALID_HANDLE_VALUE) return ERROR_INVALID_HANDLE;
    const char *next = bytes;
    while (count > 0) {
        DWORD written;
        if (!WriteFile(handle, next, count, &written, NULL)) return GetLastError();
        next += written;
        count -= written;
    }
    return NO_ERROR;
}

uint32_t punctual_environment_value(const wchar_t *name, wchar_t *value, uint32_t capacity) {
    SetLastError(NO_ERROR);
    DWORD length = GetEnvironmentVariableW(name, value, capacity);
    if (length == 0) return GetLastError() ? GetLastError() : ERROR_ENVVAR_NOT_FOUND;
    return length < capacity ? NO_ERROR : ERROR_INSUFFICIENT_BUFFER;
}
uint32_t punctual_process_id(void) { return GetCurrentProcessId(); }
#endif
