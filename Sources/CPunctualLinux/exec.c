// Linux only: empty on Windows, whose code is in CPunctualWindows.
#ifndef _WIN32
#define _GNU_SOURCE
#include "CPunctualLinux.h"
#include "internal.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
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

/* Writes this process's pid over the value of the envp entry NAME=..., which has room for 10 digits. */
static void set_own_pid(char *const *envp, const char *name) {
    size_t length = 0;
    while (name[length]) length++;
    for (; *envp; envp++) {
        char *entry = *envp;
        size_t i = 0;
        while (i < length && entry[i] == name[i]) i++;
        if (i < length || entry[i] != '=') continue;
        char digits[12];
        int count = 0;
        for (long pid = syscall(SYS_getpid); pid > 0 && count < 10; pid /= 10) digits[count++] = (char)('0' + pid % 10);
        char *value = entry + length + 1;
        for (int j = 0; j < count; j++) value[j] = digits[count - 1 - j];
        value[count] = '\0';
        return;
    }
}

void cpunctual_exec_child(const cpunctual_exec_spec *spec, pid_t expected_parent, int error_fd) {
    int failure = 0;
    if (setsid() < 0) failure = errno;
    if (!failure && spec->parent_death_signal) {
        if (prctl(PR_SET_PDEATHSIG, spec->parent_death_signal) < 0) failure = errno;
        else if (getppid() != expected_parent) _exit(127);
    }
    cpunctual_reset_signals();
    if (!failure && spec->directory && chdir(spec->directory) < 0) failure = errno;
    if (!failure && (move_to(spec->stdin_fd, 0) < 0 || move_to(spec->stdout_fd, 1) < 0 ||
                     move_to(spec->stderr_fd, 2) < 0)) {
        failure = errno;
    }
    if (!failure) {
        for (int fd = 3; fd < 3 + spec->passed_fds; fd++) fcntl(fd, F_SETFD, 0);
        mark_cloexec_from(3 + spec->passed_fds);
        for (const char *const *name = spec->pid_variables; name && *name; name++) set_own_pid(spec->envp, *name);
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

typedef struct child_start {
    const cpunctual_exec_spec *spec;
    pid_t parent;
    int error_fd;
} child_start;

static int child_main(void *argument) {
    child_start *start = argument;
    cpunctual_exec_child(start->spec, start->parent, start->error_fd);
}

#if PUNCTUAL_SPAWN_BY_FORK
static pid_t launch(child_start *start) {
    pid_t child = fork();
    if (child == 0) child_main(start);
    return child;
}
#else
/* Like posix_spawn: the child borrows this address space until it has exec'd, so no page tables are
   copied. */
static pid_t launch(child_start *start) {
    size_t stack_size = 64 * 1024;
    void *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return -1;
    pid_t child = clone(child_main, (char *)stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, start);
    int error = errno;
    munmap(stack, stack_size);
    errno = error;
    return child;
}
#endif

pid_t cpunctual_start_child(const cpunctual_exec_spec *spec, int error_fd) {
    /* Every signal stays blocked here until the child has exec'd, so no handler runs on memory it shares. */
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    child_start start = {spec, getpid(), error_fd};
    pid_t child = launch(&start);
    int error = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    errno = error;
    return child;
}

int cpunctual_spawn(const cpunctual_exec_spec *spec, pid_t *pid, int *exec_error) {
    int error_pipe[2];
    if (pipe2(error_pipe, O_CLOEXEC) < 0) return errno;
    pid_t child = cpunctual_start_child(spec, error_pipe[1]);
    int error = errno;
    close(error_pipe[1]);
    if (child < 0) {
        close(error_pipe[0]);
        return error;
    }
    *exec_error = cpunctual_read_exec_error(error_pipe[0]);
    close(error_pipe[0]);
    *pid = child;
    return 0;
}
#endif
