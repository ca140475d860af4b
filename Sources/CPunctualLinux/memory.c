// Linux only: empty on Windows, whose code is in CPunctualWindows.
#ifndef _WIN32
#define _GNU_SOURCE
#include "CPunctualLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

int cpunctual_release_code_pages(void) {
    FILE *maps = fopen("/proc/self/maps", "re");
    if (!maps) return -errno;
    char line[4096];
    int advised = 0;
    while (fgets(line, sizeof line, maps)) {
        unsigned long start, end;
        char permissions[8];
        int path_at = 0;
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &start, &end, permissions, &path_at) < 3) continue;
        if (path_at == 0 || line[path_at] != '/' || permissions[1] == 'w') continue;
        if (madvise((void *)start, end - start, MADV_PAGEOUT) == 0) advised++;
    }
    fclose(maps);
    return advised;
}
#endif
