#!/bin/sh
# Fuzz every target for SECONDS (default 60) each: configure and build
# build-fuzz/ with clang and -DLECTERN_FUZZ=ON, run each target on a copy of
# its corpus (plus tests/fixtures/*.txt) in a temp dir, print the run
# count. Exits non-zero on any crash, leaving the input under
# build-fuzz/artifacts/. Skips (exit 0) only when clang's libFuzzer runtime
# (Debian: libclang-rt-14-dev) is missing.
set -eu

seconds=${1:-60}
case $seconds in
'' | *[!0-9]*)
  echo "usage: tests/fuzz/run.sh [SECONDS]" >&2
  exit 2
  ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${LECTERN_FUZZ_BUILD:-$top/build-fuzz}
targets="fuzz_load fuzz_search fuzz_state fuzz_layout"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
  'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
  'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return d && n; }' \
  >"$tmp/probe.c"
if ! command -v clang >/dev/null 2>&1 ||
  ! clang -fsanitize=fuzzer "$tmp/probe.c" -o "$tmp/probe" 2>/dev/null; then
  echo "fuzz: SKIPPED: clang's libFuzzer runtime is missing" \
    "(apt-get install clang libclang-rt-14-dev)"
  exit 0
fi

CC=clang cmake -S "$top" -B "$build" -DLECTERN_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$tmp/configure.log" 2>&1 ||
  { cat "$tmp/configure.log" >&2; exit 1; }
cmake --build "$build" --target $targets -j"$(nproc)" >"$tmp/build.log" 2>&1 ||
  { cat "$tmp/build.log" >&2; exit 1; }

artifacts=$build/artifacts
mkdir -p "$artifacts"
status=0
for target in $targets; do
  name=${target#fuzz_}
  corpus=$tmp/corpus-$name
  mkdir -p "$corpus"
  cp -R "$top/tests/fuzz/corpus/$name/." "$corpus/"
  if [ "$name" = load ] && [ -d "$top/tests/fixtures" ]; then
    find "$top/tests/fixtures" -name '*.txt' -type f \
      -exec cp {} "$corpus/" \;
  fi
  log=$tmp/$target.log
  echo "fuzz: $target for ${seconds}s on $(ls "$corpus" | wc -l) seed inputs"
  rc=0
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=5 -max_len=65536 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$target-" "$corpus" >"$log" 2>&1 || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  if [ "$rc" -ne 0 ]; then
    status=1
    grep -E 'property violated|ERROR: |SUMMARY|Test unit written' "$log" >&2 || tail -n 40 "$log" >&2
    echo "fuzz: $target FAILED after ${runs:-?} runs (exit $rc);" \
      "inputs in $artifacts" >&2
  else
    echo "fuzz: $target: ${runs:-?} runs in ${seconds}s, no crash"
  fi
done
exit $status
