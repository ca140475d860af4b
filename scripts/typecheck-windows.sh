#!/usr/bin/env bash
# Type-checks punctual as a Windows build would compile it, on Linux, where it cannot be built:
# every module of the package in dependency order, with each `#if os(Windows)` and
# `canImport(ucrt)` taken and each `#if !os(Windows)` and `canImport(Glibc)` left out, so that no
# file reaches Glibc, against the C targets' headers compiled as on Windows (_WIN32, 16-bit
# wchar_t), stubs of the few WinSDK and ucrt declarations used (Tests/EndToEnd/windows-typecheck), and the
# dependencies as built here (swift-log, argument-parser, service-lifecycle, NIO, metrics; all of them
# support Windows). It proves the Windows configuration of the whole package is well-typed and that
# no Linux-only code is left in it; it does not prove that it builds with Windows' SDK, or runs.
# Ends with "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
swift build >&2 || { echo "0 passed, 1 failed"; exit 1; }
modules=$(swift build --show-bin-path)/Modules
# SwiftPM names the package after its folder; `package` declarations are shared under that name.
package=$(basename "$here" | tr '[:upper:]' '[:lower:]')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The C targets as Windows compiles them: _WIN32 only inside their modules, so that the C library's
# own headers still see Linux.
c_module() {  # NAME HEADER
  mkdir -p "$work/c/$1"
  cp "$2" "$work/c/$1/"
  printf '#define _WIN32 1\n#include "%s"\n' "$(basename "$2")" >"$work/c/$1/windows.h"
  printf 'module %s {\n    header "windows.h"\n    export *\n}\n' "$1" >"$work/c/$1/module.modulemap"
}
c_module CPunctualWindows Sources/CPunctualWindows/include/CPunctualWindows.h
c_module CPunctualLogFile Sources/CPunctualLogFile/include/CPunctualLogFile.h
c_module CPunctualLinux Sources/CPunctualLinux/include/CPunctualLinux.h

# Every source file as Windows sees it.
while IFS= read -r file; do
  mkdir -p "$work/$(dirname "$file")"
  sed -E 's/^( *)#if os\(Windows\)$/\1#if true/; s/^( *)#if !os\(Windows\)$/\1#if false/;
    s/canImport\(Glibc\)/false/; s/canImport\(ucrt\)/true/' "$file" >"$work/$file"
done < <(find Sources -name '*.swift')

# The dependencies' own C modules, where SwiftPM left their module maps.
dependency_maps=()
while IFS= read -r map; do dependency_maps+=(-Xcc "-fmodule-map-file=$map"); done < <(
  find "$modules/.." -maxdepth 2 -name module.modulemap -path '*.build/*' ! -path '*CPunctual*'
  find .build/checkouts -path '*/include/module.modulemap')

pass=0; fail=0
check() {  # MODULE [MODE]: type-checks the module's files as one module; keeps its interface for the next
  local name=$1 mode=${2:--emit-module}
  mkdir -p "$work/modules"
  local files=()
  while IFS= read -r file; do files+=("$file"); done < <(find "$work/Sources/$name" -name '*.swift' | sort)
  local output=(-emit-module -emit-module-path "$work/modules/$name.swiftmodule" -parse-as-library)
  [ "$mode" = -typecheck ] && output=(-typecheck)
  if swiftc "${output[@]}" -swift-version 6 -module-name "$name" -package-name "$package" \
    -I "$work/modules" $(printf -- '-I %s ' "$work"/c/*) -I "$modules" -I Tests/EndToEnd/windows-typecheck \
    -Xcc -fshort-wchar "${dependency_maps[@]}" "${files[@]}" 2>"$work/errors"; then
    pass=$((pass+1)); echo "PASS $name (${#files[@]} files)"
  else
    fail=$((fail+1)); echo "FAIL $name"; grep -E "error:" "$work/errors" | sort -u | head -20 | sed 's/^/  /'
  fi
}
# In dependency order; after a failure the next modules would find the Linux build's instead, so stop.
for module in PunctualCore PunctualEmulator PunctualSystem PunctualSystemd PunctualSCM PunctualProbes \
  PunctualSupervisor PunctualRuntime PunctualSimulator Punctual PunctualTestKit PunctualCLI; do
  check "$module"
  [ "$fail" = 0 ] || { echo "the modules after $module were not checked"; break; }
done
[ "$fail" = 0 ] && check punctual -typecheck
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
