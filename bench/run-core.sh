#!/bin/bash
# The [core] benchmark: builds lectern in Release (build-bench/), makes the
# 100 MB and 1 GB inputs (bench/make-inputs.sh), then on each file:
# - `lectern --outline FILE >/dev/null` and `wc -l FILE` alternately,
#   ROUNDS rounds each (default 7), warm cache, medians and their ratio
#   (goal: <= 2x); with hyperfine, the same pair again through it
#   (JSON in bench/out/);
# - the peak private memory of `lectern --outline FILE`: RssAnon polled
#   from /proc/PID/status while it runs, with VmHWM and the maximum RSS from
#   /usr/bin/time -v (both count the mapped file's pages too)
#   (goal: <= 5 MB + 20 KB per MB of input);
# - lectern-bench: open + scan inside one process, median of ROUNDS.
# Environment: ROUNDS, LECTERN_BENCH_BUILD (build dir), LECTERN_BENCH_OUT
# (inputs and results).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${LECTERN_BENCH_BUILD:-$top/build-bench}
out=${LECTERN_BENCH_OUT:-$top/bench/out}
rounds=${ROUNDS:-7}

need_pkg() { # need_pkg COMMAND PACKAGE: install PACKAGE if COMMAND is missing
  [ -x "$1" ] || command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-core: installing $2" >&2
    apt-get install -y -qq "$2" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 &&
        apt-get install -y -qq "$2" >/dev/null 2>&1; } || true
  fi
}
need_pkg /usr/bin/time time
need_pkg hyperfine hyperfine

echo "run-core: building Release in $build" >&2
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target lectern lectern-bench -j"$(nproc)" >/dev/null
lectern=$build/lectern
"$top/bench/make-inputs.sh" "$out" >&2

now_us() { # microseconds, without a fork
  local t=${EPOCHREALTIME/[.,]/}
  echo "$t"
}

median() { # median of the numbers on stdin
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# peak_anon FILE: runs lectern --outline FILE, polling its status; prints
# "PEAK_RSSANON_KB VMHWM_KB".
peak_anon() {
  "$lectern" --outline "$1" >/dev/null &
  local pid=$! anon=0 hwm=0 key val state
  while [ -r "/proc/$pid/status" ]; do
    state=
    while read -r key val _; do
      case $key in
      State:) state=$val ;;
      RssAnon:) [ "$val" -gt "$anon" ] && anon=$val ;;
      VmHWM:) [ "$val" -gt "$hwm" ] && hwm=$val ;;
      esac
    done <"/proc/$pid/status" 2>/dev/null || true
    [ "$state" = Z ] && break
  done
  wait "$pid"
  echo "$anon $hwm"
}

summary=()
for name in lectern-100M.txt lectern-1G.txt; do
  file=$out/$name
  bytes=$(wc -c <"$file")
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
  echo
  echo "== $name: $mb MB"
  cat "$file" >/dev/null # warm the cache
  "$lectern" --outline "$file" >/dev/null
  wc -l "$file" >/dev/null
  : >"$out/times-lectern" && : >"$out/times-wc"
  for ((r = 0; r < rounds; r++)); do
    t0=$(now_us)
    "$lectern" --outline "$file" >/dev/null
    t1=$(now_us)
    wc -l "$file" >/dev/null
    t2=$(now_us)
    echo $((t1 - t0)) >>"$out/times-lectern"
    echo $((t2 - t1)) >>"$out/times-wc"
  done
  tl=$(median <"$out/times-lectern")
  tw=$(median <"$out/times-wc")
  ratio=$(awk -v a="$tl" -v b="$tw" 'BEGIN { printf "%.2f", a / b }')
  printf 'alternating loop, %d rounds: lectern --outline %.1f ms, wc -l %.1f ms, ratio %sx\n' \
    "$rounds" "$(awk -v t="$tl" 'BEGIN { print t / 1000 }')" \
    "$(awk -v t="$tw" 'BEGIN { print t / 1000 }')" "$ratio"

  hratio=-
  if command -v hyperfine >/dev/null 2>&1; then
    json=$out/hyperfine-${name%.txt}.json
    hyperfine -N --style none --warmup 1 --runs "$rounds" --export-json "$json" \
      "$lectern --outline $file" "wc -l $file" >/dev/null 2>&1
    read -r hl hw < <(sed -n 's/^ *"median": *\([0-9.e+-]*\),*$/\1/p' "$json" | tr "\n" " ") || true
    hratio=$(awk -v a="$hl" -v b="$hw" 'BEGIN { printf "%.2f", a / b }')
    printf 'hyperfine, %d runs each: lectern --outline %.1f ms, wc -l %.1f ms, ratio %sx (%s)\n' \
      "$rounds" "$(awk -v t="$hl" 'BEGIN { print t * 1000 }')" \
      "$(awk -v t="$hw" 'BEGIN { print t * 1000 }')" "$hratio" "$json"
  fi

  read -r anon hwm < <(peak_anon "$file")
  maxrss=-
  if [ -x /usr/bin/time ]; then
    maxrss=$(/usr/bin/time -v "$lectern" --outline "$file" 2>&1 >/dev/null |
      sed -n 's/.*Maximum resident set size (kbytes): *//p')
  fi
  goal=$(awk -v m="$mb" 'BEGIN { printf "%d", 5 * 1024 + 20 * m }')
  met=met
  [ "$anon" -le "$goal" ] || met=MISSED
  echo "memory: peak private (RssAnon, polled) $anon kB; goal $goal kB: $met;" \
    "VmHWM $hwm kB, /usr/bin/time max RSS $maxrss kB (mapped file included)"
  tmet=met
  awk -v r="$ratio" 'BEGIN { exit !(r <= 2) }' || tmet=MISSED
  echo "lectern-bench (open + scan in one process):"
  "$build/bench/lectern-bench" -n "$rounds" "$file" | sed 's/^/  /'
  summary+=("$(printf '%-18s %8s %8sx %10sx %6s %10s kB %9s kB %6s' "$name" "$mb" \
    "$ratio" "$hratio" "$tmet" "$anon" "$goal" "$met")")
done

echo
echo "== summary ($(nproc) cores; absolute times drift on shared machines, ratios less)"
printf '%-18s %8s %9s %11s %6s %13s %12s %6s\n' file MB "ratio" "hyperfine" time \
  "peak private" goal memory
printf '%s\n' "${summary[@]}"
