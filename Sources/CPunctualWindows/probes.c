// What the polled readiness probes need on Windows: a TCP connection with a time limit, a connection
// that carries a protocol's exchange (TLS on it: tls.c), whether a path exists, and a null device for an
// exec probe's output.
#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "connection.h"

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

punctual_connection *punctual_connection_open(
    const char *host, uint16_t port, uint32_t timeout_ms, char *detail, size_t capacity) {
    SOCKET s = connect_within(host, port, GetTickCount64() + timeout_ms, detail, capacity);
    if (s == INVALID_SOCKET) return NULL;
    punctual_connection *connection = malloc(sizeof *connection);
    if (!connection) {
        closesocket(s);
        say(detail, capacity, "out of memory");
        return NULL;
    }
    connection->socket = s;
    connection->tls = NULL;
    return connection;
}

// Waits until the socket can be read (`reading`) or written before `deadline`: 1, or 0 at the limit.
static int wait_for(SOCKET s, int reading, ULONGLONG deadline) {
    ULONGLONG now = GetTickCount64();
    ULONGLONG left = now < deadline ? deadline - now : 0;
    struct timeval wait = {(long)(left / 1000), (long)(left % 1000) * 1000};
    fd_set set;
    FD_ZERO(&set);
    FD_SET(s, &set);
    return select(0, reading ? &set : NULL, reading ? NULL : &set, NULL, &wait) > 0;
}

int punctual_socket_send(SOCKET s, const uint8_t *bytes, size_t count, ULONGLONG deadline) {
    for (size_t sent = 0; sent < count;) {
        if (GetTickCount64() >= deadline || !wait_for(s, 0, deadline)) return 0;
        size_t chunk = count - sent > INT_MAX ? INT_MAX : count - sent;
        int written = send(s, (const char *)bytes + sent, (int)chunk, 0);
        if (written == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK) continue;
        if (written <= 0) return 0;
        sent += (size_t)written;
    }
    return 1;
}

long punctual_socket_receive(SOCKET s, uint8_t *buffer, size_t capacity, ULONGLONG deadline) {
    if (!wait_for(s, 1, deadline)) return -1;
    int count = recv(s, (char *)buffer, (int)(capacity > INT_MAX ? INT_MAX : capacity), 0);
    if (count == SOCKET_ERROR) return WSAGetLastError() == WSAEWOULDBLOCK ? -2 : 0;
    return count;
}

int punctual_connection_send(punctual_connection *connection, const uint8_t *bytes, size_t count, uint32_t timeout_ms) {
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    if (connection->tls) return punctual_tls_send(connection, bytes, count, deadline);
    return punctual_socket_send(connection->socket, bytes, count, deadline);
}

long punctual_connection_receive(punctual_connection *connection, uint8_t *buffer, size_t capacity, uint32_t timeout_ms) {
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    if (connection->tls) return punctual_tls_receive(connection, buffer, capacity, deadline);
    return punctual_socket_receive(connection->socket, buffer, capacity, deadline);
}

void punctual_connection_close(punctual_connection *connection) {
    if (connection->tls) punctual_tls_end(connection);
    // A clean close: the server sees the end of the stream, not a reset.
    shutdown(connection->socket, SD_SEND);
    closesocket(connection->socket);
    free(connection);
}

uint32_t punctual_read_file(const wchar_t *path, uint8_t *buffer, size_t capacity, size_t *count) {
    *count = 0;
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) return GetLastError();
    uint32_t error = NO_ERROR;
    while (*count < capacity) {
        DWORD read = 0;
        DWORD wanted = (DWORD)(capacity - *count > 65536 ? 65536 : capacity - *count);
        if (!ReadFile(file, buffer + *count, wanted, &read, NULL)) {
            error = GetLastError();
            break;
        }
        if (read == 0) break;
        *count += read;
    }
    CloseHandle(file);
    return error;
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
