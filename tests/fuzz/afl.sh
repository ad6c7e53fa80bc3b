#!/bin/sh
# The same fuzz targets under AFL++: tests/fuzz/afl.sh SECONDS [TARGET...]
# configures and builds build-afl/ with afl-clang-fast (its libFuzzer
# driver links the LLVMFuzzerTestOneInput harnesses unchanged, with ASan
# and UBSan), runs afl-fuzz on each target (default: all) for SECONDS on
# its seed corpus, and prints the executions and crashes. Exits 1 on any
# crash or hang, leaving the inputs under build-afl/afl-NAME/; skips
# (exit 0) when AFL++ is not installed (Debian: afl++). Not run by CI.
set -eu

seconds=${1:-60}
case $seconds in
'' | *[!0-9]*)
  echo "usage: tests/fuzz/afl.sh [SECONDS [TARGET...]]" >&2
  exit 2
  ;;
esac
[ $# -gt 0 ] && shift
targets=${*:-fuzz_load fuzz_search fuzz_state fuzz_layout}
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${LECTERN_AFL_BUILD:-$top/build-afl}

if ! command -v afl-clang-fast >/dev/null 2>&1 ||
  ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "afl: SKIPPED: AFL++ is not installed (apt-get install afl++)"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
CC=afl-clang-fast cmake -S "$top" -B "$build" -DLECTERN_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$tmp/configure.log" 2>&1 ||
  { cat "$tmp/configure.log" >&2; exit 1; }
# shellcheck disable=SC2086 # one word a target
AFL_QUIET=1 cmake --build "$build" --target $targets -j"$(nproc)" \
  >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 1; }

status=0
for target in $targets; do
  name=${target#fuzz_}
  seeds=$tmp/seeds-$name
  mkdir -p "$seeds"
  cp -R "$top/tests/fuzz/corpus/$name/." "$seeds/"
  if [ "$name" = load ] && [ -d "$top/tests/fixtures" ]; then
    find "$top/tests/fixtures" -name '*.txt' -type f -size -1M \
      -exec cp {} "$seeds/" \;
  fi
  out=$build/afl-$name
  rm -rf "$out"
  echo "afl: $target for ${seconds}s on $(ls "$seeds" | wc -l) seed inputs"
  AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    afl-fuzz -V "$seconds" -i "$seeds" -o "$out" -- \
    "$build/tests/fuzz/$target" >"$tmp/$target.log" 2>&1 ||
    { tail -n 20 "$tmp/$target.log" >&2; status=1; continue; }
  stats=$out/default/fuzzer_stats
  runs=$(sed -n 's/^execs_done *: *//p' "$stats")
  crashes=$(sed -n 's/^saved_crashes *: *//p' "$stats")
  hangs=$(sed -n 's/^saved_hangs *: *//p' "$stats")
  if [ "${crashes:-0}" -ne 0 ] || [ "${hangs:-0}" -ne 0 ]; then
    status=1
    echo "afl: $target FAILED: $crashes crashes, $hangs hangs after" \
      "$runs runs; inputs in $out/default/" >&2
  else
    echo "afl: $target: $runs runs in ${seconds}s, no crash"
  fi
done
exit $status
