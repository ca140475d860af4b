// Linux only: empty on Windows, whose code is in CPunctualWindows.
#ifndef _WIN32
#define _GNU_SOURCE
#include "CPunctualLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

static int signal_pipe_write = -1;

static void forward_signal(int signal) {
    int saved = errno;
    unsigned char number = (unsigned char)signal;
    int pipe_end = signal_pipe_write;
    if (pipe_end >= 0) {
        ssize_t ignored = write(pipe_end, &number, 1);
        (void)ignored;
    }
    errno = saved;
}

int cpunctual_signal_pipe(const int *signals, int count) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0) return -errno;
    signal_pipe_write = fds[1];
    struct sigaction action = {0};
    action.sa_handler = forward_signal;
    action.sa_flags = SA_RESTART;
    sigfillset(&action.sa_mask);
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < count; i++) {
        if (sigaction(signals[i], &action, NULL) < 0) return -errno;
        sigaddset(&set, signals[i]);
    }
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    return fds[0];
}

void cpunctual_signal_pipe_close(int fd, const int *signals, int count) {
    struct sigaction action = {0};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < count; i++) sigaction(signals[i], &action, NULL);
    int write_end = signal_pipe_write;
    signal_pipe_write = -1;
    close(write_end);
    close(fd);
}

int cpunctual_read_signal_pipe(int fd) {
    unsigned char number = 0;
    for (;;) {
        ssize_t n = read(fd, &number, 1);
        if (n == 1) return number;
        if (n < 0 && errno == EINTR) continue;
        return 0;
    }
}

int cpunctual_signalfd(const int *signals, int count) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < count; i++) sigaddset(&set, signals[i]);
    int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    return fd < 0 ? -errno : fd;
}

int cpunctual_read_signal(int fd) {
    struct signalfd_siginfo info;
    for (;;) {
        ssize_t n = read(fd, &info, sizeof info);
        if (n == (ssize_t)sizeof info) return (int)info.ssi_signo;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return 0;
        return n < 0 ? -errno : -EIO;
    }
}

int cpunctual_eventfd(void) {
    int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    return fd < 0 ? -errno : fd;
}

int cpunctual_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC) < 0 ? -errno : 0; }

int cpunctual_set_child_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1) < 0 ? -errno : 0; }

int cpunctual_enable_credentials(int fd) {
    int on = 1;
    return setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) < 0 ? -errno : 0;
}

ssize_t cpunctual_receive_with_credentials(int fd, void *buffer, size_t length, pid_t *sender, uid_t *uid) {
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int) * 16)];
    } control;
    struct iovec iov = {buffer, length};
    struct msghdr message = {0};
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control.space;
    message.msg_controllen = sizeof control.space;
    ssize_t n;
    do {
        n = recvmsg(fd, &message, MSG_DONTWAIT | MSG_CMSG_CLOEXEC | MSG_TRUNC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) return -errno;
    *sender = 0;
    *uid = (uid_t)-1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level != SOL_SOCKET) continue;
        if (c->cmsg_type == SCM_CREDENTIALS && c->cmsg_len >= CMSG_LEN(sizeof(struct ucred))) {
            struct ucred credentials;
            memcpy(&credentials, CMSG_DATA(c), sizeof credentials);
            *sender = credentials.pid;
            *uid = credentials.uid;
        } else if (c->cmsg_type == SCM_RIGHTS) {
            size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < count; i++) {
                int received;
                memcpy(&received, CMSG_DATA(c) + i * sizeof(int), sizeof received);
                close(received);
            }
        }
    }
    return n;
}

int cpunctual_poll(void *pollfds, unsigned long count, int64_t timeout_nanoseconds) {
    struct timespec timeout;
    struct timespec *timeout_pointer = NULL;
    if (timeout_nanoseconds >= 0) {
        timeout.tv_sec = (time_t)(timeout_nanoseconds / 1000000000);
        timeout.tv_nsec = (long)(timeout_nanoseconds % 1000000000);
        timeout_pointer = &timeout;
    }
    int n = ppoll((struct pollfd *)pollfds, (nfds_t)count, timeout_pointer, NULL);
    return n < 0 ? -errno : n;
}

void cpunctual_name_thread(const char *name) { prctl(PR_SET_NAME, name); }

void cpunctual_block_all_signals(void) {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
}
#endif
