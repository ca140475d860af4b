#ifndef CPUNCTUAL_INTERNAL_H
#define CPUNCTUAL_INTERNAL_H
#ifndef _WIN32

#include <fcntl.h>
#include <sys/types.h>

struct cpunctual_exec_spec;

void cpunctual_reset_signals(void);
_Noreturn void cpunctual_exec_child(const struct cpunctual_exec_spec *spec, pid_t expected_parent, int error_fd);
int cpunctual_read_exec_error(int fd);
/* Starts the child of spec sharing this address space until it execs; -1 and errno on failure. */
pid_t cpunctual_start_child(const struct cpunctual_exec_spec *spec, int error_fd);

#endif
#endif
