// A size-rotated log file that writes whole lines only.
#ifndef _WIN32
#define _FILE_OFFSET_BITS 64
#define _POSIX_C_SOURCE 200809L
#endif
#include "CPunctualLogFile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <io.h>
#include <windows.h>
#else
#include <unistd.h>
#endif

struct punctual_log {
    char *path;
    int fd;
    uint64_t size;
    uint64_t max_bytes;
    uint32_t keep;
    uint32_t rotations;
    uint32_t reopens;
    // After a rotation that could not move the file (another process holds it on Windows), the
    // next attempt waits until the file has grown by an eighth of the limit.
    uint64_t next_attempt;
    uint64_t lost_lines;
    uint64_t lost_bytes;
#ifndef _WIN32
    dev_t device;
    ino_t inode;
#endif
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

static int open_append(const char *path) {
    wchar_t *name = wide(path);
    // Not inherited, so that a child started later cannot hold the file open against rotation.
    int fd = name ? _wopen(name, _O_WRONLY | _O_APPEND | _O_CREAT | _O_BINARY | _O_NOINHERIT, _S_IREAD | _S_IWRITE)
                  : -1;
    free(name);
    return fd;
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

static uint64_t file_size(int fd) {
    long long position = _lseeki64(fd, 0, SEEK_END);
    return position > 0 ? (uint64_t)position : 0;
}

// Writes some of `count` bytes: how many, or -1 with errno set.
static long long write_some(int fd, const char *bytes, size_t count) {
    return _write(fd, bytes, count > 0x40000000 ? 0x40000000 : (unsigned)count);
}

static void cut_back(int fd, uint64_t size) { _chsize_s(fd, (long long)size); }
static void close_file(int fd) { _close(fd); }

static void make_directory(const char *path) {
    wchar_t *name = wide(path);
    if (name) CreateDirectoryW(name, NULL);
    free(name);
}

static int is_separator(char c) { return c == '/' || c == '\\'; }
#else
static int open_append(const char *path) { return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644); }
static int move_file(const char *from, const char *to) { return rename(from, to) == 0; }
static int remove_file(const char *path) { return remove(path) == 0; }

static uint64_t file_size(int fd) {
    off_t position = lseek(fd, 0, SEEK_END);
    return position > 0 ? (uint64_t)position : 0;
}

static long long write_some(int fd, const char *bytes, size_t count) { return write(fd, bytes, count); }
static void cut_back(int fd, uint64_t size) { (void)!ftruncate(fd, (off_t)size); }
static void close_file(int fd) { close(fd); }
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

// Opens the live file for appending and learns its size and identity; 0 or an errno value.
static int reopen(punctual_log *log) {
    errno = 0;
    log->fd = open_append(log->path);
    if (log->fd < 0) return errno ? errno : EIO;
    log->size = file_size(log->fd);
#ifndef _WIN32
    struct stat status;
    if (fstat(log->fd, &status) == 0) {
        log->device = status.st_dev;
        log->inode = status.st_ino;
    }
#endif
    return 0;
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
    int error = reopen(made);
    if (error) {
        free(made->path);
        free(made->pending);
        free(made);
        return error;
    }
    made->max_bytes = max_bytes;
    made->keep = keep;
    *log = made;
    return 0;
}

// path.N into buffer.
static void numbered(const punctual_log *log, uint32_t n, char *buffer, size_t capacity) {
    snprintf(buffer, capacity, "%s.%u", log->path, n);
}

// Moves the live file aside first: only when that worked do the older files shift and the oldest
// go. Otherwise the file stays as it is and grows a little past the limit until the next attempt.
static int rotate(punctual_log *log) {
    close_file(log->fd);
    log->fd = -1;
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

// When the file at the path is no longer the one open (moved or deleted under it), the path is
// opened anew, so that what follows lands where the user looks.
static void follow_path(punctual_log *log) {
#ifndef _WIN32
    if (log->fd < 0) return;
    struct stat status;
    if (stat(log->path, &status) == 0 && status.st_dev == log->device && status.st_ino == log->inode) return;
    close_file(log->fd);
    log->fd = -1;
    if (reopen(log) == 0) log->reopens += 1;
#else
    (void)log;
#endif
}

static uint64_t lines_in(const char *bytes, size_t count) {
    uint64_t lines = 0;
    for (const char *at = bytes, *end = bytes + count; (at = memchr(at, '\n', (size_t)(end - at))); at++) lines++;
    return lines;
}

// Writes `count` bytes of whole lines at the end of the file. When the file takes only part of them
// (a full disk), that part is cut off again, so that no line is split, and all of them count as lost.
static int append(punctual_log *log, const char *bytes, size_t count) {
    if (count == 0) return 0;
    if (log->fd < 0) {
        int error = reopen(log);
        if (error) {
            log->lost_lines += lines_in(bytes, count);
            log->lost_bytes += count;
            return error;
        }
    }
    size_t done = 0;
    while (done < count) {
        long long wrote = write_some(log->fd, bytes + done, count - done);
        if (wrote > 0) {
            done += (size_t)wrote;
            continue;
        }
        if (wrote < 0 && errno == EINTR) continue;
        int error = wrote < 0 && errno ? errno : ENOSPC;
        if (done > 0) cut_back(log->fd, log->size);
        log->lost_lines += lines_in(bytes, count);
        log->lost_bytes += count;
        return error;
    }
    log->size += count;
    return 0;
}

// Whether a line of `count` bytes must go to a new file first: it would take a non-empty file past
// the limit, and no rotation has failed since the file last grew by an eighth of it.
static int rotation_due(const punctual_log *log, uint64_t pending, size_t count) {
    uint64_t size = log->size + pending;
    return size > 0 && size + count > log->max_bytes && size >= log->next_attempt;
}

// Writes complete lines (`bytes` ends with a newline) with as few writes as the limit allows; a line
// longer than the longest kept whole is wrapped. Every line is tried even after an error; the first
// error is returned.
static int write_lines(punctual_log *log, const char *bytes, size_t count) {
    int first_error = 0;
    const char *run = bytes, *at = bytes, *end = bytes + count;
    while (at < end) {
        const char *newline = memchr(at, '\n', (size_t)(end - at));
        size_t line = (size_t)(newline - at) + 1;
        if (line > PUNCTUAL_LOG_LONGEST_LINE) {
            int error = append(log, run, (size_t)(at - run));
            if (!first_error) first_error = error;
            for (const char *piece = at; piece <= newline; piece += PUNCTUAL_LOG_LONGEST_LINE - 1) {
                size_t length = (size_t)(newline - piece) + 1;
                if (length > PUNCTUAL_LOG_LONGEST_LINE - 1) length = PUNCTUAL_LOG_LONGEST_LINE - 1;
                memcpy(log->pending, piece, length);
                if (log->pending[length - 1] != '\n') log->pending[length++] = '\n';
                if (rotation_due(log, 0, length)) {
                    error = rotate(log);
                    if (!first_error) first_error = error;
                }
                error = append(log, log->pending, length);
                if (!first_error) first_error = error;
            }
            at = run = newline + 1;
            continue;
        }
        if (rotation_due(log, (uint64_t)(at - run), line)) {
            int error = append(log, run, (size_t)(at - run));
            if (!first_error) first_error = error;
            error = rotate(log);
            if (!first_error) first_error = error;
            run = at;
        }
        at = newline + 1;
    }
    int error = append(log, run, (size_t)(end - run));
    return first_error ? first_error : error;
}

// Ends the waiting line with a newline and writes it.
static int write_pending(punctual_log *log) {
    if (log->pending[log->pending_count - 1] != '\n') log->pending[log->pending_count++] = '\n';
    size_t length = log->pending_count;
    log->pending_count = 0;
    return write_lines(log, log->pending, length);
}

int punctual_log_write(punctual_log *log, const char *bytes, size_t count) {
    if (count == 0) return 0;
    follow_path(log);
    int first_error = 0;
    const char *at = bytes, *end = bytes + count;
    // The start of a line that came before: completed, or wrapped when it grows too long.
    if (log->pending_count > 0) {
        const char *newline = memchr(at, '\n', count);
        size_t room = PUNCTUAL_LOG_LONGEST_LINE - 1 - log->pending_count;
        size_t take = newline ? (size_t)(newline - at) : count;
        if (take > room) take = room;
        else if (newline) take += 1;
        memcpy(log->pending + log->pending_count, at, take);
        log->pending_count += take;
        at += take;
        if (!newline && at == end) return 0;
        first_error = write_pending(log);
    }
    const char *last = end;
    while (last > at && last[-1] != '\n') last--;
    if (last > at) {
        int error = write_lines(log, at, (size_t)(last - at));
        if (!first_error) first_error = error;
    }
    // What follows the last newline waits, in pieces of the longest line when it is longer.
    while ((size_t)(end - last) > PUNCTUAL_LOG_LONGEST_LINE - 1) {
        memcpy(log->pending, last, PUNCTUAL_LOG_LONGEST_LINE - 1);
        log->pending_count = PUNCTUAL_LOG_LONGEST_LINE - 1;
        last += PUNCTUAL_LOG_LONGEST_LINE - 1;
        int error = write_pending(log);
        if (!first_error) first_error = error;
    }
    memcpy(log->pending, last, (size_t)(end - last));
    log->pending_count = (size_t)(end - last);
    return first_error;
}

int punctual_log_finish_line(punctual_log *log) { return log->pending_count == 0 ? 0 : write_pending(log); }

uint32_t punctual_log_rotations(const punctual_log *log) { return log->rotations; }

uint32_t punctual_log_reopens(const punctual_log *log) { return log->reopens; }

uint64_t punctual_log_lost_lines(const punctual_log *log) { return log->lost_lines; }

uint64_t punctual_log_lost_bytes(const punctual_log *log) { return log->lost_bytes; }

void punctual_log_close(punctual_log *log) {
    punctual_log_finish_line(log);
    if (log->fd >= 0) close_file(log->fd);
    free(log->path);
    free(log->pending);
    free(log);
}
