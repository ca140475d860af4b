#!/usr/bin/env bash
# Type-checks punctual's Swift code for Windows (the `#if os(Windows)` files) on Linux, where it
# cannot be built: against the real CPunctualWindows header (compiled as on Windows: _WIN32, 16-bit
# wchar_t), a stub of the few WinSDK declarations it uses (Tests/EndToEnd/windows-typecheck), and
# the platform-neutral modules built here: each Windows module from its platform-neutral files and
# its Windows ones, then the commands' Windows branches against them. It proves the code is
# well-typed against the glue's API; it does not prove it runs. Ends with "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
swift build --product punctual >&2 || { echo "0 passed, 1 failed"; exit 1; }
modules=$(swift build --show-bin-path)/Modules
# SwiftPM names the package after its folder; `package` declarations are shared under that name.
package=$(basename "$here" | tr '[:upper:]' '[:lower:]')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/glue"
cp Sources/CPunctualWindows/include/CPunctualWindows.h "$work/glue/"
# _WIN32 only inside the glue's module: the C library's own headers must still see Linux.
printf '#define _WIN32 1\n#include "CPunctualWindows.h"\n' >"$work/glue/windows.h"
printf 'module CPunctualWindows {\n    header "windows.h"\n    export *\n}\n' >"$work/glue/module.modulemap"
# The files are Windows-only as a whole: drop their outer `#if os(Windows)` and its `#endif`.
strip() { sed -e '1{/^#if os(Windows)$/d}' -e '${/^#endif$/d}' "$1" >"$work/$(basename "$1")"; }
pass=0; fail=0
check() {  # NAME FILES...: type-checks the files together as one module, and keeps its interface
  local name=$1; shift
  mkdir -p "$work/modules"
  if swiftc -emit-module -emit-module-path "$work/modules/$name.swiftmodule" -parse-as-library -swift-version 6 \
    -module-name "$name" -package-name "$package" -I "$work/modules" -I "$modules" -I "$work/glue" \
    -I Tests/EndToEnd/windows-typecheck -Xcc -fshort-wchar "$@" 2>"$work/errors"; then
    pass=$((pass+1)); echo "PASS $name"
  else
    fail=$((fail+1)); echo "FAIL $name"; sed 's/^/  /' "$work/errors" | head -30
  fi
}
for file in Sources/PunctualSCM/Windows/*.swift Sources/PunctualRuntime/Windows/*.swift \
  Sources/PunctualProbes/Windows/*.swift Sources/PunctualCLI/WindowsRun.swift; do strip "$file"; done
# The C log file as the Windows build sees it.
mkdir -p "$work/logfile"
cp Sources/CPunctualLogFile/include/CPunctualLogFile.h "$work/logfile/"
printf 'module CPunctualLogFile {\n    header "CPunctualLogFile.h"\n    export *\n}\n' >"$work/logfile/module.modulemap"
check PunctualSCM "$work"/Win32Error.swift "$work"/WideStrings.swift "$work"/Win32ServiceConnection.swift \
  "$work"/WindowsServiceManager.swift
# The modules punctual run needs on Windows, each from its platform-neutral files and its Windows ones.
check PunctualSupervisor Sources/PunctualSupervisor/OutputSink.swift Sources/PunctualSupervisor/LogFileSink.swift \
  -I "$work/logfile"
check PunctualProbes Sources/PunctualProbes/LogLineWatcher.swift Sources/PunctualProbes/PolledProbe.swift \
  Sources/PunctualProbes/PollingThread.swift Sources/PunctualProbes/HTTPExchange.swift "$work"/WindowsProbes.swift
runtime_neutral=(EngineDriver HeartbeatThread DeferredActions ManagerConnection SCMConnection
  RunConfiguration RunOutcomes LogLevels OutputWatchers StartWatchers)
runtime_files=()
for name in "${runtime_neutral[@]}"; do runtime_files+=("Sources/PunctualRuntime/$name.swift"); done
check PunctualRuntime "${runtime_files[@]}" "$work"/EventLogHandler.swift \
  "$work"/WindowsEvent.swift "$work"/WindowsChild.swift "$work"/WindowsOutput.swift "$work"/WindowsManager.swift \
  "$work"/WindowsRunSession.swift -I "$work/logfile"
# The commands' Windows branches, against the Windows modules checked above.
sed 's/^#if os(Windows)$/#if true/; s/^    #if os(Windows)$/    #if true/; s/^        #if os(Windows)$/        #if true/' \
  Sources/PunctualCLI/ServiceHost.swift >"$work/ServiceHost.swift"
check PunctualCLI "$work/ServiceHost.swift" "$work/WindowsRun.swift" Sources/PunctualCLI/UsageError.swift \
  Sources/PunctualCLI/OutputLogFile.swift -I "$work/logfile"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
