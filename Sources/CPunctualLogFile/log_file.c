// A size-rotated log file that writes whole lines only.
#ifndef _WIN32
#define _FILE_OFFSET_BITS 64
#define _POSIX_C_SOURCE 200809L
#endif
#include "CPunctualLogFile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#include <sys/stat.h>
#endif

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#endif

struct punctual_log {
    char *path;
    FILE *file;
    uint64_t size;
    uint64_t max_bytes;
    uint32_t keep;
    uint32_t rotations;
    // After a rotation that could not move the file (another process holds it on Windows), the
    // next attempt waits until the file has grown by an eighth of the limit.
    uint64_t next_attempt;
    char *pending;
    size_t pending_count;
};

#ifdef _WIN32
static wchar_t *wide(const char *text) {
    int count = MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0);
    wchar_t *result = count > 0 ? malloc((size_t)count * sizeof(wchar_t)) : NULL;
    if (result) MultiByteToWideChar(CP_UTF8, 0, text, -1, result, count);
    return result;
}

static FILE *open_append(const char *path) {
    wchar_t *name = wide(path);
    // N: not inherited, so that a child started later cannot hold the file open against rotation.
    FILE *file = name ? _wfopen(name, L"abN") : NULL;
    free(name);
    return file;
}

static int move_file(const char *from, const char *to) {
    wchar_t *a = wide(from), *b = wide(to);
    int moved = a && b && MoveFileExW(a, b, MOVEFILE_REPLACE_EXISTING);
    free(a);
    free(b);
    return moved;
}

static int remove_file(const char *path) {
    wchar_t *name = wide(path);
    int removed = name && DeleteFileW(name);
    free(name);
    return removed;
}

static uint64_t file_size(FILE *file) {
    if (_fseeki64(file, 0, SEEK_END) != 0) return 0;
    long long position = _ftelli64(file);
    return position > 0 ? (uint64_t)position : 0;
}

static void make_directory(const char *path) {
    wchar_t *name = wide(path);
    if (name) CreateDirectoryW(name, NULL);
    free(name);
}

static int is_separator(char c) { return c == '/' || c == '\\'; }
#else
static FILE *open_append(const char *path) { return fopen(path, "abe"); }
static int move_file(const char *from, const char *to) { return rename(from, to) == 0; }
static int remove_file(const char *path) { return remove(path) == 0; }

static uint64_t file_size(FILE *file) {
    if (fseeko(file, 0, SEEK_END) != 0) return 0;
    off_t position = ftello(file);
    return position > 0 ? (uint64_t)position : 0;
}

static void make_directory(const char *path) { mkdir(path, 0755); }

static int is_separator(char c) { return c == '/'; }
#endif

// Creates the folders above `path` that do not exist yet. A folder that cannot be made (a share's
// root, a drive) is passed over: opening the file then says what is wrong.
static void make_parents(const char *path) {
    size_t length = strlen(path);
    char *prefix = malloc(length + 1);
    if (!prefix) return;
    // From the second character: a leading separator is the root, not a folder to create.
    for (size_t end = 1; end < length; end++) {
        if (!is_separator(path[end]) || is_separator(path[end - 1]) || path[end - 1] == ':') continue;
        memcpy(prefix, path, end);
        prefix[end] = 0;
        make_directory(prefix);
    }
    free(prefix);
}

int punctual_log_open(const char *path, uint64_t max_bytes, uint32_t keep, punctual_log **log) {
    punctual_log *made = calloc(1, sizeof *made);
    if (!made) return ENOMEM;
    made->path = malloc(strlen(path) + 1);
    made->pending = malloc(PUNCTUAL_LOG_LONGEST_LINE);
    if (!made->path || !made->pending) {
        free(made->path);
        free(made->pending);
        free(made);
        return ENOMEM;
    }
    strcpy(made->path, path);
    make_parents(path);
    errno = 0;
    made->file = open_append(path);
    if (!made->file) {
        int error = errno ? errno : EIO;
        free(made->path);
        free(made->pending);
        free(made);
        return error;
    }
    made->size = file_size(made->file);
    made->max_bytes = max_bytes;
    made->keep = keep;
    *log = made;
    return 0;
}

// path.N into buffer.
static void numbered(const punctual_log *log, uint32_t n, char *buffer, size_t capacity) {
    snprintf(buffer, capacity, "%s.%u", log->path, n);
}

// Reopens the live file for appending and learns its size; 0 or an errno value.
static int reopen(punctual_log *log) {
    log->file = open_append(log->path);
    if (!log->file) return errno ? errno : EIO;
    log->size = file_size(log->file);
    return 0;
}

// Moves the live file aside first: only when that worked do the older files shift and the oldest
// go. Otherwise the file stays as it is and grows a little past the limit until the next attempt.
static int rotate(punctual_log *log) {
    fclose(log->file);
    log->file = NULL;
    size_t capacity = strlen(log->path) + 16;
    char *from = malloc(capacity), *to = malloc(capacity);
    int rotated = 0;
    if (from && to) {
        snprintf(from, capacity, "%s.rotating", log->path);
        if (log->keep == 0) {
            rotated = remove_file(log->path);
        } else if (move_file(log->path, from)) {
            numbered(log, log->keep, to, capacity);
            remove_file(to);
            for (uint32_t n = log->keep - 1; n >= 1; n--) {
                char *older = malloc(capacity);
                if (!older) break;
                numbered(log, n, older, capacity);
                numbered(log, n + 1, to, capacity);
                move_file(older, to);
                free(older);
            }
            numbered(log, 1, to, capacity);
            rotated = move_file(from, to);
        }
    }
    free(from);
    free(to);
    int error = reopen(log);
    if (rotated) log->rotations += 1;
    else log->next_attempt = log->size + log->max_bytes / 8 + 1;
    return error;
}

static int write_line(punctual_log *log, const char *line, size_t count) {
    if (!log->file) {
        int error = reopen(log);
        if (error) return error;
    }
    if (log->size > 0 && log->size + count > log->max_bytes && log->size >= log->next_attempt) {
        int error = rotate(log);
        if (error) return error;
    }
    if (fwrite(line, 1, count, log->file) != count || fflush(log->file) != 0) return errno ? errno : EIO;
    log->size += count;
    return 0;
}

int punctual_log_write(punctual_log *log, const char *bytes, size_t count) {
    for (size_t i = 0; i < count; i++) {
        log->pending[log->pending_count++] = bytes[i];
        if (bytes[i] == '\n' || log->pending_count == PUNCTUAL_LOG_LONGEST_LINE) {
            int error = write_line(log, log->pending, log->pending_count);
            log->pending_count = 0;
            if (error) return error;
        }
    }
    return 0;
}

int punctual_log_finish_line(punctual_log *log) {
    if (log->pending_count == 0) return 0;
    log->pending[log->pending_count++] = '\n';
    int error = write_line(log, log->pending, log->pending_count);
    log->pending_count = 0;
    return error;
}

uint32_t punctual_log_rotations(const punctual_log *log) { return log->rotations; }

void punctual_log_close(punctual_log *log) {
    punctual_log_finish_line(log);
    if (log->file) fclose(log->file);
    free(log->path);
    free(log->pending);
    free(log);
}
