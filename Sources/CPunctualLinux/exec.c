#define _GNU_SOURCE
#include "CPunctualLinux.h"
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* Only async-signal-safe calls from here on: this runs between fork and exec. */

void cpunctual_reset_signals(void) {
    struct sigaction dfl = {0};
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &dfl, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static void mark_cloexec_from(int first) {
    if (syscall(SYS_close_range, (unsigned)first, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
    struct rlimit limit;
    long max = 65536;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < (rlim_t)max) max = (long)limit.rlim_cur;
    for (long fd = first; fd < max; fd++) fcntl((int)fd, F_SETFD, FD_CLOEXEC);
}

static int move_to(int fd, int target) {
    if (fd < 0 || fd == target) return 0;
    return dup2(fd, target) < 0 ? -1 : 0;
}

void cpunctual_exec_child(const cpunctual_exec_spec *spec, pid_t expected_parent, int error_fd) {
    int failure = 0;
    if (setsid() < 0) failure = errno;
    if (!failure && spec->parent_death_signal) {
        if (prctl(PR_SET_PDEATHSIG, spec->parent_death_signal) < 0) failure = errno;
        else if (getppid() != expected_parent) _exit(127);
    }
    cpunctual_reset_signals();
    if (!failure && (move_to(spec->stdin_fd, 0) < 0 || move_to(spec->stdout_fd, 1) < 0 ||
                     move_to(spec->stderr_fd, 2) < 0)) {
        failure = errno;
    }
    if (!failure) {
        mark_cloexec_from(3);
        execve(spec->path, spec->argv, spec->envp);
        failure = errno;
    }
    ssize_t ignored = write(error_fd, &failure, sizeof failure);
    (void)ignored;
    _exit(127);
}

int cpunctual_read_exec_error(int fd) {
    int error = 0;
    for (;;) {
        ssize_t n = read(fd, &error, sizeof error);
        if (n < 0 && errno == EINTR) continue;
        return n == (ssize_t)sizeof error ? error : 0;
    }
}

int cpunctual_spawn(const cpunctual_exec_spec *spec, pid_t *pid, int *exec_error) {
    int error_pipe[2];
    if (pipe2(error_pipe, O_CLOEXEC) < 0) return errno;
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        int error = errno;
        close(error_pipe[0]);
        close(error_pipe[1]);
        return error;
    }
    if (child == 0) {
        close(error_pipe[0]);
        cpunctual_exec_child(spec, parent, error_pipe[1]);
    }
    close(error_pipe[1]);
    *exec_error = cpunctual_read_exec_error(error_pipe[0]);
    close(error_pipe[0]);
    *pid = child;
    return 0;
}
