// The few WinSDK declarations punctual's Swift code for Windows uses, with Windows' types, so that
// scripts/typecheck-windows.sh can type-check that code on Linux. Declarations only: nothing links.
#include <stdint.h>
typedef uint32_t DWORD;
typedef void *HMODULE;
DWORD GetModuleFileNameW(HMODULE module, uint16_t *name, DWORD size);
void Sleep(DWORD milliseconds);
