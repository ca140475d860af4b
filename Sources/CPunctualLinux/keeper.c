// Linux only: empty on Windows, whose code is in CPunctualWindows.
#ifndef _WIN32
#define _GNU_SOURCE
#include "CPunctualLinux.h"
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The keeper runs in a forked copy of punctual and never returns to Swift: only system calls,
   no allocation. It is a child subreaper, so every orphan of the child's tree becomes its child,
   which lets it find and kill the whole tree even after punctual itself is gone. */

typedef struct keeper {
    pid_t child;
    int events_fd;
    int child_reported;
} keeper;

static void send_event(int fd, int32_t kind, int32_t value) {
    cpunctual_event event = {kind, value};
    while (write(fd, &event, sizeof event) < 0 && errno == EINTR) {
    }
}

/* Reaps what has ended; returns 1 while children remain. */
static int reap(keeper *k) {
    for (;;) {
        int status = 0;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            if (pid == k->child && !k->child_reported) {
                k->child_reported = 1;
                send_event(k->events_fd, CPUNCTUAL_EVENT_EXITED, status);
            }
            continue;
        }
        if (pid == 0) return 1;
        if (errno == EINTR) continue;
        return 0;
    }
}

/* The parent pid from the text of /proc/PID/stat: the field after the state, after the last ')'. */
static pid_t parent_of(const char *pid_name) {
    char path[64] = "/proc/";
    size_t at = strlen(path);
    for (const char *c = pid_name; *c && at < sizeof path - 6; c++) path[at++] = *c;
    memcpy(path + at, "/stat", 6);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char text[1024];
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return -1;
    text[n] = 0;
    char *close_paren = strrchr(text, ')');
    if (!close_paren || close_paren[1] == 0 || close_paren[2] == 0) return -1;
    char *p = close_paren + 4; /* ") S " */
    pid_t ppid = 0;
    while (*p >= '0' && *p <= '9') ppid = ppid * 10 + (*p++ - '0');
    return ppid;
}

/* SIGKILL to every child of the keeper and to the process group it leads. Returns how many. */
static int kill_children(void) {
    pid_t self = getpid();
    int dir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return 0;
    int killed = 0;
    char buffer[4096];
    for (;;) {
        long n = syscall(SYS_getdents64, dir, buffer, sizeof buffer);
        if (n <= 0) break;
        for (long offset = 0; offset < n;) {
            struct dirent64 *entry = (struct dirent64 *)(buffer + offset);
            offset += entry->d_reclen;
            const char *name = entry->d_name;
            if (name[0] < '1' || name[0] > '9') continue;
            if (parent_of(name) != self) continue;
            pid_t pid = 0;
            for (const char *c = name; *c >= '0' && *c <= '9'; c++) pid = pid * 10 + (*c - '0');
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            killed++;
        }
    }
    close(dir);
    return killed;
}

/* Kills the tree until no child is left, for at most about five seconds. */
static void kill_tree(keeper *k) {
    struct timespec pause = {0, 10 * 1000 * 1000};
    for (int round = 0; round < 500; round++) {
        if (!reap(k)) return;
        kill_children();
        nanosleep(&pause, NULL);
    }
}

static _Noreturn void keeper_main(keeper *k, int control_fd) {
    int sigchld = SIGCHLD;
    int signals = cpunctual_signalfd(&sigchld, 1);
    struct pollfd fds[2] = {{control_fd, POLLIN, 0}, {signals, POLLIN, 0}};
    for (;;) {
        if (poll(fds, signals >= 0 ? 2 : 1, signals >= 0 ? -1 : 100) < 0 && errno != EINTR) break;
        if (fds[0].revents) {
            char command[16];
            ssize_t n = read(control_fd, command, sizeof command);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            kill_tree(k);
        }
        while (signals >= 0 && cpunctual_read_signal(signals) > 0) {
        }
        reap(k);
    }
    kill_tree(k);
    _exit(0);
}

static void close_all_except(const int *keep, int count) {
    int max = 65536;
    for (int fd = 3; fd < max; fd++) {
        int kept = 0;
        for (int i = 0; i < count; i++) kept |= keep[i] == fd;
        if (kept) continue;
        int next = max;
        for (int i = 0; i < count; i++)
            if (keep[i] > fd && keep[i] < next) next = keep[i];
        if (syscall(SYS_close_range, (unsigned)fd, (unsigned)(next - 1), 0) != 0) {
            for (int other = fd; other < next && other < 4096; other++) close(other);
        }
        fd = next;
    }
}

int cpunctual_spawn_supervised(const cpunctual_exec_spec *spec, cpunctual_supervised *out) {
    int control[2], events[2];
    if (pipe2(control, O_CLOEXEC) < 0) return errno;
    if (pipe2(events, O_CLOEXEC) < 0) {
        int error = errno;
        close(control[0]);
        close(control[1]);
        return error;
    }
    pid_t keeper_pid = fork();
    if (keeper_pid < 0) {
        int error = errno;
        close(control[0]);
        close(control[1]);
        close(events[0]);
        close(events[1]);
        return error;
    }
    if (keeper_pid == 0) {
        sigset_t all;
        sigfillset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        prctl(PR_SET_NAME, "punctual-keeper");
        prctl(PR_SET_CHILD_SUBREAPER, 1);
        int keep[5 + CPUNCTUAL_MOST_PASSED_FDS] = {control[0], events[1], spec->stdin_fd, spec->stdout_fd,
                                                   spec->stderr_fd};
        int kept = 5;
        for (int fd = 3; fd < 3 + spec->passed_fds && kept < (int)(sizeof keep / sizeof keep[0]); fd++) keep[kept++] = fd;
        close_all_except(keep, kept);
        int error_pipe[2];
        if (pipe2(error_pipe, O_CLOEXEC) < 0) {
            send_event(events[1], CPUNCTUAL_EVENT_EXEC_FAILED, errno);
            _exit(127);
        }
        pid_t child = cpunctual_start_child(spec, error_pipe[1]);
        close(error_pipe[1]);
        for (int i = 0; i < 3; i++) {
            int fd = i == 0 ? spec->stdin_fd : i == 1 ? spec->stdout_fd : spec->stderr_fd;
            if (fd > 2) close(fd);
        }
        if (child < 0) {
            send_event(events[1], CPUNCTUAL_EVENT_EXEC_FAILED, errno);
            _exit(127);
        }
        int exec_error = cpunctual_read_exec_error(error_pipe[0]);
        close(error_pipe[0]);
        keeper k = {child, events[1], 0};
        if (exec_error) {
            waitpid(child, NULL, 0);
            send_event(events[1], CPUNCTUAL_EVENT_EXEC_FAILED, exec_error);
            _exit(127);
        }
        send_event(events[1], CPUNCTUAL_EVENT_SPAWNED, child);
        keeper_main(&k, control[0]);
    }
    close(control[0]);
    close(events[1]);
    cpunctual_event first = {0, 0};
    ssize_t n;
    do {
        n = read(events[0], &first, sizeof first);
    } while (n < 0 && errno == EINTR);
    out->keeper_pid = keeper_pid;
    out->control_fd = control[1];
    out->events_fd = events[0];
    out->child_pid = first.kind == CPUNCTUAL_EVENT_SPAWNED ? first.value : 0;
    out->exec_error = first.kind == CPUNCTUAL_EVENT_SPAWNED ? 0 : first.kind == CPUNCTUAL_EVENT_EXEC_FAILED ? first.value : ECHILD;
    return 0;
}
#endif
