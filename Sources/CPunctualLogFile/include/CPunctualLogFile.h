// A log file that rotates by size without losing, splitting or repeating a line: the child's output
// on Windows, where no journal takes it. Portable C, so the same code is tested on Linux and under
// Wine.
#ifndef C_PUNCTUAL_LOG_FILE_H
#define C_PUNCTUAL_LOG_FILE_H
#include <stddef.h>
#include <stdint.h>

typedef struct punctual_log punctual_log;

/// The longest line kept whole, its newline included; a longer one is wrapped: pieces of one byte
/// less, each ended with a newline.
#define PUNCTUAL_LOG_LONGEST_LINE 65536

/// Opens `path` (UTF-8) for appending, creating it and any folder above it that is missing, and counts what it already holds, so that a
/// restart goes on where the last run stopped. Rotation keeps `keep` older files: `path.1` (the
/// newest) to `path.KEEP`. Returns 0 or an errno value.
int punctual_log_open(const char *path, uint64_t max_bytes, uint32_t keep, punctual_log **log);

/// Takes any bytes; writes whole lines only, each to one file, in as few writes as the limit allows.
/// Before a line that would take the file past max_bytes, the file is rotated; if it cannot be moved
/// (another process holds it), it grows on and the rotation is tried again later. The start of a
/// line waits in memory until its end. When the file at the path was moved or deleted meanwhile, a
/// new one is opened there first (not on Windows, which refuses to move an open file). Lines the file
/// cannot take (a full disk) are lost whole, never in part, and counted; every write tries again.
/// Returns 0 or the errno of the first line lost.
int punctual_log_write(punctual_log *log, const char *bytes, size_t count);

/// Writes a waiting partial line, ended with a newline: its writer has gone.
int punctual_log_finish_line(punctual_log *log);

/// How many rotations this log has made since it was opened.
uint32_t punctual_log_rotations(const punctual_log *log);

/// How many times the file was opened anew because the one at the path had been moved or deleted.
uint32_t punctual_log_reopens(const punctual_log *log);

/// How many lines, and bytes, the file could not take since the log was opened.
uint64_t punctual_log_lost_lines(const punctual_log *log);
uint64_t punctual_log_lost_bytes(const punctual_log *log);

/// Finishes a partial line and closes the file.
void punctual_log_close(punctual_log *log);

#endif
