// Built with AddressSanitizer (swift build --sanitize=address, as scripts/sanitizers.sh does), punctual
// does not report leaks at exit: the argument parser keeps what it parsed until the process ends, so
// every run would end in a leak report and exit 1, whatever the environment (systemd-socket-activate,
// for one, passes none on). Memory errors are reported as always. Empty in every other build.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_leaks=0"; }
#endif
#endif
