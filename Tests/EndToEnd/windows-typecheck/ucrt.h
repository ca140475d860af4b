// The few C runtime declarations punctual's Windows code takes from Windows' ucrt module, with
// Windows' types, so that scripts/typecheck-windows.sh can type-check that code without Glibc.
// Declarations only: nothing links.
typedef struct _iobuf FILE;
void exit(int status) __attribute__((noreturn));
int fflush(FILE *stream);
int _write(int fd, const void *buffer, unsigned int count);
char *strerror(int number);
