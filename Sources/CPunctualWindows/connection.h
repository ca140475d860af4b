// What probes.c and tls.c share about a probe's connection; not part of the glue's API.
#ifndef C_PUNCTUAL_WINDOWS_CONNECTION_H
#define C_PUNCTUAL_WINDOWS_CONNECTION_H
#ifdef _WIN32
#include <winsock2.h>
#include <windows.h>

#include "CPunctualWindows.h"

/// A TLS session over a connection (tls.c).
typedef struct punctual_tls punctual_tls;

struct punctual_connection {
    SOCKET socket;
    /// Set by punctual_connection_start_tls: from then on every byte goes through it.
    punctual_tls *tls;
};

/// Sends every byte before `deadline` (GetTickCount64's clock): 1, or 0 when the peer closed or the time ran out.
int punctual_socket_send(SOCKET socket, const uint8_t *bytes, size_t count, ULONGLONG deadline);

/// Reads what has come before `deadline`: the count, 0 when the peer closed, -1 when nothing came in
/// time, -2 to try again.
long punctual_socket_receive(SOCKET socket, uint8_t *buffer, size_t capacity, ULONGLONG deadline);

/// punctual_connection_send, _receive and _close once TLS has started.
int punctual_tls_send(punctual_connection *connection, const uint8_t *bytes, size_t count, ULONGLONG deadline);
long punctual_tls_receive(punctual_connection *connection, uint8_t *buffer, size_t capacity, ULONGLONG deadline);
void punctual_tls_end(punctual_connection *connection);
#endif
#endif
