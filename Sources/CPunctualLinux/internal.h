#ifndef CPUNCTUAL_INTERNAL_H
#define CPUNCTUAL_INTERNAL_H
#ifndef _WIN32

#include <fcntl.h>
#include <sys/types.h>

struct cpunctual_exec_spec;

/* 1 in a build with ThreadSanitizer or AddressSanitizer (scripts/sanitizers.sh): neither can follow a
   child that borrows this address space on a stack of its own, so the child gets a copy instead. */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define PUNCTUAL_SPAWN_BY_FORK 1
#endif
#endif
#ifndef PUNCTUAL_SPAWN_BY_FORK
#define PUNCTUAL_SPAWN_BY_FORK 0
#endif

void cpunctual_reset_signals(void);
_Noreturn void cpunctual_exec_child(const struct cpunctual_exec_spec *spec, pid_t expected_parent, int error_fd);
int cpunctual_read_exec_error(int fd);
/* Starts the child of spec sharing this address space until it execs (a copy of it under a
   sanitizer); -1 and errno on failure. */
pid_t cpunctual_start_child(const struct cpunctual_exec_spec *spec, int error_fd);

#endif
#endif
