// What the polled readiness probes need on Windows: a TCP connection with a time limit, an HTTP
// exchange's first bytes, whether a path exists, and a null device for an exec probe's output.
#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>

#include "CPunctualWindows.h"

static INIT_ONCE winsock_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK start_winsock(PINIT_ONCE once, PVOID parameter, PVOID *context) {
    (void)once;
    (void)parameter;
    (void)context;
    WSADATA data;
    return WSAStartup(MAKEWORD(2, 2), &data) == 0;
}

static void say(char *detail, size_t capacity, const char *text) {
    if (capacity > 0) snprintf(detail, capacity, "%s", text);
}

static const char *reason(int error) {
    switch (error) {
    case WSAECONNREFUSED: return "connection refused";
    case WSAENETUNREACH: return "network unreachable";
    case WSAEHOSTUNREACH: return "host unreachable";
    case WSAETIMEDOUT: return "connection timed out";
    default: return "cannot connect";
    }
}

// A connected socket, or INVALID_SOCKET with the reason in `detail`, trying each address of the
// host in turn within what is left of the time.
static SOCKET connect_within(const char *host, uint16_t port, ULONGLONG deadline, char *detail, size_t capacity) {
    if (!InitOnceExecuteOnce(&winsock_once, start_winsock, NULL, NULL)) {
        say(detail, capacity, "cannot start Winsock");
        return INVALID_SOCKET;
    }
    char service[8];
    snprintf(service, sizeof service, "%u", (unsigned)port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_protocol = IPPROTO_TCP};
    struct addrinfo *found = NULL;
    if (getaddrinfo(host, service, &hints, &found) != 0 || !found) {
        say(detail, capacity, "cannot resolve the host");
        return INVALID_SOCKET;
    }
    SOCKET connected = INVALID_SOCKET;
    say(detail, capacity, "cannot connect");
    for (struct addrinfo *address = found; address && connected == INVALID_SOCKET; address = address->ai_next) {
        SOCKET s = socket(address->ai_family, address->ai_socktype, address->ai_protocol);
        if (s == INVALID_SOCKET) continue;
        SetHandleInformation((HANDLE)s, HANDLE_FLAG_INHERIT, 0);
        u_long nonblocking = 1;
        ioctlsocket(s, FIONBIO, &nonblocking);
        int error = 0;
        if (connect(s, address->ai_addr, (int)address->ai_addrlen) != 0) {
            error = WSAGetLastError();
            if (error == WSAEWOULDBLOCK) {
                ULONGLONG now = GetTickCount64();
                long left = now < deadline ? (long)(deadline - now) : 0;
                struct timeval wait = {left / 1000, (left % 1000) * 1000};
                fd_set writable, failed;
                FD_ZERO(&writable);
                FD_ZERO(&failed);
                FD_SET(s, &writable);
                FD_SET(s, &failed);
                int ready = select(0, NULL, &writable, &failed, &wait);
                if (ready == 0) {
                    error = WSAETIMEDOUT;
                } else if (FD_ISSET(s, &failed)) {
                    int length = sizeof error;
                    getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&error, &length);
                    if (!error) error = WSAECONNREFUSED;
                } else {
                    error = 0;
                }
            }
        }
        if (error) {
            say(detail, capacity, reason(error));
            closesocket(s);
        } else {
            connected = s;
        }
    }
    freeaddrinfo(found);
    if (connected != INVALID_SOCKET) say(detail, capacity, "connected");
    return connected;
}

int punctual_tcp_check(const char *host, uint16_t port, uint32_t timeout_ms, char *detail, size_t capacity) {
    SOCKET s = connect_within(host, port, GetTickCount64() + timeout_ms, detail, capacity);
    if (s == INVALID_SOCKET) return 0;
    closesocket(s);
    return 1;
}

int punctual_tcp_exchange(
    const char *host, uint16_t port, const char *request, size_t request_count, uint32_t timeout_ms,
    uint8_t *answer, size_t capacity, size_t *received, char *detail, size_t detail_capacity) {
    *received = 0;
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    SOCKET s = connect_within(host, port, deadline, detail, detail_capacity);
    if (s == INVALID_SOCKET) return 0;
    u_long blocking = 0;
    ioctlsocket(s, FIONBIO, &blocking);
    int ok = 1;
    for (size_t sent = 0; sent < request_count && ok;) {
        int count = send(s, request + sent, (int)(request_count - sent), 0);
        if (count <= 0) {
            say(detail, detail_capacity, "connection closed while sending");
            ok = 0;
        } else {
            sent += (size_t)count;
        }
    }
    // Read until the first line is in, the peer closes, the buffer is full or the time is up.
    while (ok && *received < capacity && !memchr(answer, '\n', *received)) {
        ULONGLONG now = GetTickCount64();
        if (now >= deadline) {
            say(detail, detail_capacity, "timed out");
            break;
        }
        long left = (long)(deadline - now);
        struct timeval wait = {left / 1000, (left % 1000) * 1000};
        fd_set readable;
        FD_ZERO(&readable);
        FD_SET(s, &readable);
        if (select(0, &readable, NULL, NULL, &wait) <= 0) {
            say(detail, detail_capacity, "timed out");
            break;
        }
        int count = recv(s, (char *)answer + *received, (int)(capacity - *received), 0);
        if (count <= 0) break;
        *received += (size_t)count;
    }
    closesocket(s);
    return ok;
}

int punctual_path_exists(const wchar_t *path) { return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES; }

uint32_t punctual_null_handle(void **handle) {
    SECURITY_ATTRIBUTES inheritable = {sizeof inheritable, NULL, TRUE};
    HANDLE made = CreateFileW(
        L"NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &inheritable, OPEN_EXISTING, 0, NULL);
    if (made == INVALID_HANDLE_VALUE) return GetLastError();
    *handle = made;
    return NO_ERROR;
}
#endif
