#ifndef CPUNCTUAL_LINUX_H
#define CPUNCTUAL_LINUX_H
#ifndef _WIN32

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What to execute and how to wire its standard streams. */
typedef struct cpunctual_exec_spec {
    const char *path;          /* an absolute or relative path, never searched in PATH */
    char *const *argv;         /* NULL-terminated */
    char *const *envp;         /* NULL-terminated */
    int stdin_fd;              /* -1: inherit */
    int stdout_fd;             /* -1: inherit */
    int stderr_fd;             /* -1: inherit */
    int parent_death_signal;   /* 0: none */
    const char *directory;     /* the working directory; NULL: inherit */
    const char *const *pid_variables; /* NULL-terminated NAMEs (or NULL): each envp entry "NAME=" plus at
                                  least 10 characters gets the child's own pid before exec
                                  (WATCHDOG_PID, LISTEN_PID) */
    int passed_fds;            /* descriptors 3 to 3 + passed_fds - 1 reach the child where they are
                                  (systemd's socket activation); every other one above 2 is closed */
} cpunctual_exec_spec;

/* The most descriptors a child can be passed. */
#define CPUNCTUAL_MOST_PASSED_FDS 256

/* A child started under a keeper: a subreaper process that reports the child's exit and kills
   every process of its tree when told to, or when punctual dies (its control pipe closes). */
typedef struct cpunctual_supervised {
    pid_t keeper_pid;
    pid_t child_pid;           /* 0 when exec failed */
    int control_fd;            /* write 'K': kill the tree now; close: kill the tree, keeper exits */
    int events_fd;             /* read cpunctual_event records */
    int exec_error;            /* errno of the failed exec, 0 on success */
} cpunctual_supervised;

enum {
    CPUNCTUAL_EVENT_SPAWNED = 1,     /* value: the child's pid */
    CPUNCTUAL_EVENT_EXEC_FAILED = 2, /* value: errno */
    CPUNCTUAL_EVENT_EXITED = 3,      /* value: the wait status of the child */
};

typedef struct cpunctual_event {
    int32_t kind;
    int32_t value;
} cpunctual_event;

/* Starts spec under a keeper, in a new session. Returns 0 or an errno of fork/pipe. */
int cpunctual_spawn_supervised(const cpunctual_exec_spec *spec, cpunctual_supervised *out);

/* Starts spec in a new session without a keeper. Returns 0 or an errno of fork/pipe; *exec_error
   is the errno of a failed exec (the child is then already gone but must still be reaped). */
int cpunctual_spawn(const cpunctual_exec_spec *spec, pid_t *pid, int *exec_error);

/* Installs a handler for the signals that writes each one's number to a pipe, whichever thread it
   interrupts (a handler also keeps them deliverable when the process is PID 1 of a namespace).
   Returns the pipe's read end (non-blocking), or -errno. Once per process. */
int cpunctual_signal_pipe(const int *signals, int count);

/* Gives the signals back their default action and closes the pipe: the run that read it is over. */
void cpunctual_signal_pipe_close(int fd, const int *signals, int count);

/* The next signal number from that pipe; 0 when none is pending. */
int cpunctual_read_signal_pipe(int fd);

/* A non-blocking, close-on-exec signalfd for the signals. Returns the fd or -errno. */
int cpunctual_signalfd(const int *signals, int count);

/* The next signal read from a signalfd; 0 when none is pending; -errno on error. */
int cpunctual_read_signal(int fd);

/* A close-on-exec, non-blocking eventfd. Returns the fd or -errno. */
int cpunctual_eventfd(void);

/* A close-on-exec pipe. Returns 0 or -errno. */
int cpunctual_pipe(int fds[2]);

/* Makes the calling process a child subreaper. Returns 0 or -errno. */
int cpunctual_set_child_subreaper(void);

/* Asks for SCM_CREDENTIALS on a datagram socket. Returns 0 or -errno. */
int cpunctual_enable_credentials(int fd);

/* Receives one datagram (non-blocking) with its sender's pid (0 if unknown) and uid; closes any file
   descriptors that came with it. Returns the length, or -errno. */
ssize_t cpunctual_receive_with_credentials(int fd, void *buffer, size_t length, pid_t *sender, uid_t *uid);

/* Hands the pages of this process's read-only file mappings (its code) back to the kernel; the
   few still needed fault back in. Returns how many mappings were advised, or -errno. */
int cpunctual_release_code_pages(void);

/* A netlink socket for cpunctual_listener_lookup (close-on-exec). Returns the fd or -errno. */
int cpunctual_listener_lookup_open(void);

/* Whether a TCP socket in this network namespace listens on address (a sockaddr_in or sockaddr_in6
   of length bytes), or on its family's wildcard address, as an arriving connection would find it:
   1 yes, 0 no, -errno when the kernel cannot say. Asked through fd, from cpunctual_listener_lookup_open;
   no connection is made. */
int cpunctual_listener_lookup(int fd, const void *address, unsigned length);

/* Blocks every signal that can be blocked in the calling thread. */
void cpunctual_block_all_signals(void);

/* Names the calling thread (15 characters are kept). */
void cpunctual_name_thread(const char *name);

/* ppoll on fds with an optional relative timeout in nanoseconds (< 0: wait forever). */
int cpunctual_poll(void *pollfds, unsigned long count, int64_t timeout_nanoseconds);

/* A TLS client session over a connected socket, through the system's OpenSSL 3, loaded at first use. */
typedef struct cpunctual_tls cpunctual_tls;

/* Starts TLS on the connected, blocking socket fd (its SO_RCVTIMEO and SO_SNDTIMEO bound each call),
   naming host for SNI and for the certificate check (an IP address when host_is_ip). With verify, the
   certificate must chain to ca_file, or to the system's CA certificates when ca_file is NULL. alpn,
   when not NULL, is the one application protocol offered ("h2" for gRPC). With cert_file and key_file
   (PEM), the client presents that certificate chain and proves it holds the key. Returns the session,
   or NULL with a sentence in error. The socket stays the caller's to close. */
cpunctual_tls *cpunctual_tls_connect(int fd, const char *host, int host_is_ip, const char *ca_file, int verify,
                                     const char *alpn, const char *cert_file, const char *key_file, char *error,
                                     size_t error_size);

/* SSL_write and SSL_read: the bytes moved, or <= 0 when the peer closed or the call failed or timed out. */
long cpunctual_tls_write(cpunctual_tls *tls, const void *bytes, size_t length);
long cpunctual_tls_read(cpunctual_tls *tls, void *buffer, size_t length);

/* Sends close_notify and frees the session. */
void cpunctual_tls_close(cpunctual_tls *tls);

#endif
#endif
