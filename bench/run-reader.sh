#!/bin/bash
# The [reader] benchmark: the interactive figures, from the real binaries on
# a pseudo-terminal (bench/ptytime, libvterm), lectern and less alternately
# on the same files in one run, plus the in-process relayout timing
# (bench/relayout.c). It
# - installs less, hyperfine and libvterm-dev when missing (apt-get, as
#   root), builds Release in build-bench/ and makes the 100 MB and 1 GB
#   inputs (bench/make-inputs.sh);
# - on the bundled collection, 100 MB and 1 GB, ROUNDS rounds (7) of
#   lectern, `less FILE` and `less -n FILE` in turn, each on an 80x24 pty:
#   time from fork to the first screen (its first line, "China Policy
#   Institute: Analysis", drawn), then `G` until the last line ("%d
#   bloggers like this:") is drawn; medians and lectern/less ratios;
# - peak private memory (RssAnon, polled from /proc/PID/status while the
#   session runs) of lectern on each size after the first screen and after
#   G (and of less, for scale);
# - per-key latency of paging in the 1 GB file after G (the index built):
#   PAGE_ROUNDS (100) rounds of a random `N%`, `j` and Space, each timed from
#   the key until the text rows changed and were stable (median, p99); and
#   `j` during the first second, while the index is still being built;
# - lectern-relayout: one 50-row screen laid out at width 76, then again at
#   60 as after a resize, at RELAYOUT_TRIALS (2000) random paragraphs of
#   the bundled and the 1 GB file (median and p99 in microseconds).
# Environment: ROUNDS, PAGE_ROUNDS, RELAYOUT_TRIALS, LECTERN_BENCH_BUILD
# (build dir), LECTERN_BENCH_OUT (inputs and raw results).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${LECTERN_BENCH_BUILD:-$top/build-bench}
out=${LECTERN_BENCH_OUT:-$top/bench/out}
rounds=${ROUNDS:-7}
page_rounds=${PAGE_ROUNDS:-100}
relayout_trials=${RELAYOUT_TRIALS:-2000}
first_text="China Policy Institute: Analysis"
last_text="%d bloggers like this:"

apt_install() { # apt_install PACKAGE
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-reader: installing $1" >&2
    apt-get install -y -qq "$1" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 &&
        apt-get install -y -qq "$1" >/dev/null 2>&1; } || true
  fi
}
need_pkg() { # need_pkg COMMAND PACKAGE: install PACKAGE if COMMAND is missing
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}
need_pkg less less
need_pkg hyperfine hyperfine
pkg-config --exists vterm 2>/dev/null || apt_install libvterm-dev
command -v less >/dev/null 2>&1 || { echo "run-reader: no less" >&2; exit 1; }

echo "run-reader: building Release in $build" >&2
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target lectern ptytime lectern-relayout \
  -j"$(nproc)" >/dev/null
lectern=$build/lectern
ptytime=$build/bench/ptytime
relayout=$build/bench/lectern-relayout
[ -x "$ptytime" ] || { echo "run-reader: ptytime not built (libvterm?)" >&2; exit 1; }
"$top/bench/make-inputs.sh" "$out" >&2
less_bin=$(command -v less)
less_version=$("$less_bin" --version | sed -n '1s/^less \([0-9]*\).*/\1/p')

median() { # median of the numbers on stdin (blank lines ignored)
  grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
    else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { # ratio A B, two decimals, "-" when either is missing
  awk -v a="$1" -v b="$2" 'BEGIN {
    if (a == "-" || b == "-" || b + 0 == 0) print "-";
    else printf "%.2f", a / b }'
}
get() { # get NAME FILE: the value of a "name value" line
  awk -v n="$1" '$1 == n { print $2; exit }' "$2"
}
fmt() { # fmt VALUE: two decimals, or "-"
  awk -v v="$1" 'BEGIN { if (v == "-" || v == "") print "-"; else printf "%.2f", v }'
}

# session NAME FILE RAW ARGS...: one ptytime run of first screen + G;
# appends its figures to RAW (failures are noted, not fatal).
session() {
  local raw=$1
  shift
  local res
  if ! res=$("$ptytime" -s 80x24 -f "$first_text" -n G -k G -w "$last_text" \
    -- "$@" 2>>"$out/reader-errors.txt"); then
    echo "run-reader: failed: $*" >&2
  fi
  printf '%s\n' "$res" >>"$raw"
}

: >"$out/reader-errors.txt"
declare -A fig
files=("$top/data/sino-russian-relations.txt" "$out/lectern-100M.txt"
  "$out/lectern-1G.txt")
labels=(bundled 100M 1G)
for i in "${!files[@]}"; do
  file=${files[$i]}
  label=${labels[$i]}
  mb=$(awk -v b="$(wc -c <"$file")" 'BEGIN { printf "%.2f", b / 1e6 }')
  echo "== $label: $file ($mb MB), $rounds rounds" >&2
  cat "$file" >/dev/null # warm the cache
  for p in lectern less lessn; do : >"$out/reader-$label-$p.txt"; done
  # one unmeasured warm-up session each
  session /dev/null "$lectern" "$file"
  session /dev/null "$less_bin" "$file"
  for ((r = 0; r < rounds; r++)); do
    session "$out/reader-$label-lectern.txt" "$lectern" "$file"
    session "$out/reader-$label-less.txt" "$less_bin" "$file"
    session "$out/reader-$label-lessn.txt" "$less_bin" -n "$file"
  done
  for p in lectern less lessn; do
    raw=$out/reader-$label-$p.txt
    fig[$label.$p.first]=$(awk '$1 == "first_ms" { print $2 }' "$raw" | median)
    fig[$label.$p.G]=$(awk '$1 == "G_ms" { print $2 }' "$raw" | median)
    fig[$label.$p.n]=$(grep -c '^G_ms ' "$raw" || true)
  done
  fig[$label.mb]=$mb

  # memory: one session each, polling /proc/PID/status
  for p in lectern less; do
    mem=$out/reader-$label-$p-mem.txt
    bin=$lectern
    [ $p = less ] && bin=$less_bin
    "$ptytime" -m -s 80x24 -f "$first_text" -n G -k G -w "$last_text" \
      -- "$bin" "$file" >"$mem" 2>>"$out/reader-errors.txt" || true
    fig[$label.$p.mem_first]=$(get mem_first_rssanon_kb "$mem")
    fig[$label.$p.mem_G]=$(get mem_G_rssanon_kb "$mem")
    fig[$label.$p.hwm_G]=$(get mem_G_vmhwm_kb "$mem")
  done
done

# paging at random places in 1 GB (after G: the index is built)
echo "== paging in 1G: $page_rounds rounds of N%, j, Space" >&2
page=$out/reader-1G-paging.txt
"$ptytime" -s 80x24 -f "$first_text" -n G -k G -w "$last_text" \
  -r "$page_rounds" -K 'jump={R}%' -K 'j=j' -K 'space= ' \
  -- "$lectern" "$out/lectern-1G.txt" >"$page" 2>>"$out/reader-errors.txt" || true
# and j right after the first screen, while the scan still runs
scanpage=$out/reader-1G-paging-scan.txt
"$ptytime" -s 80x24 -q 10 -f "$first_text" -r 15 -K 'j=j' \
  -- "$lectern" "$out/lectern-1G.txt" >"$scanpage" 2>>"$out/reader-errors.txt" || true

# relayout in process
echo "== relayout: $relayout_trials random screens" >&2
rel=$out/reader-relayout.txt
"$relayout" -n "$relayout_trials" -r 50 -w 76 -W 60 \
  "$top/data/sino-russian-relations.txt" "$out/lectern-1G.txt" >"$rel"

# ---- the table ----
echo
echo "== lectern reader vs less $less_version: $(nproc) cores, 80x24 pty," \
  "medians of $rounds alternating rounds"
echo "   (absolute times drift on shared machines; the ratios are the figures)"
echo
printf '%-8s %7s | %-24s | %9s %9s %9s | %7s %7s\n' file MB measure \
  "lectern" "less" "less -n" "ratio" "ratio-n"
for label in "${labels[@]}"; do
  for m in first G; do
    name="first screen (ms)"
    [ $m = G ] && name="G, last line drawn (ms)"
    l=${fig[$label.lectern.$m]} a=${fig[$label.less.$m]} b=${fig[$label.lessn.$m]}
    printf '%-8s %7s | %-24s | %9s %9s %9s | %6sx %6sx\n' "$label" \
      "${fig[$label.mb]}" "$name" "$(fmt "$l")" "$(fmt "$a")" "$(fmt "$b")" \
      "$(ratio "$l" "$a")" "$(ratio "$l" "$b")"
  done
done
echo
echo "peak private memory (RssAnon high-water, kB; goal 5 MB + 20 KB per MB):"
printf '%-8s %7s | %12s %12s | %10s %10s | %9s | %s\n' file MB \
  "after first" "after G" "less first" "less G" goal "lectern VmHWM after G (file pages incl.)"
for label in "${labels[@]}"; do
  goal=$(awk -v m="${fig[$label.mb]}" 'BEGIN { printf "%d", 5 * 1024 + 20 * m }')
  mg=${fig[$label.lectern.mem_G]:--}
  met=met
  [ "$mg" != - ] && [ "$mg" -le "$goal" ] || met=MISSED
  printf '%-8s %7s | %12s %12s | %10s %10s | %9s | %s (%s)\n' "$label" \
    "${fig[$label.mb]}" "${fig[$label.lectern.mem_first]:--}" "$mg" \
    "${fig[$label.less.mem_first]:--}" "${fig[$label.less.mem_G]:--}" \
    "$goal" "${fig[$label.lectern.hwm_G]:--}" "$met"
done
echo
echo "paging at random places in 1G (lectern, after G; ms from key to the"
echo "text rows stable; goal p99 < 16 ms):"
for k in jump j space all; do
  printf '  %-6s n=%-4s median %7s  p99 %7s  max %7s\n' "$k" \
    "$(get "key_${k}_n" "$page")" "$(fmt "$(get "key_${k}_median_ms" "$page")")" \
    "$(fmt "$(get "key_${k}_p99_ms" "$page")")" "$(fmt "$(get "key_${k}_max_ms" "$page")")"
done
printf '  %-6s n=%-4s median %7s  p99 %7s  max %7s  (j during the first second, scan running)\n' \
  j "$(get key_j_n "$scanpage")" "$(fmt "$(get key_j_median_ms "$scanpage")")" \
  "$(fmt "$(get key_j_p99_ms "$scanpage")")" "$(fmt "$(get key_j_max_ms "$scanpage")")"
echo
echo "relayout of one screen (50 rows; in process, lt_block_build; goal < 1 ms):"
for name in sino_russian_relations lectern_1G; do
  printf '  %-22s width 76: median %7s us, p99 %7s us; resize to 60: median %7s us, p99 %7s us (%s paragraphs a screen)\n' \
    "$name" "$(get "relayout_${name}_first_median_us" "$rel")" \
    "$(get "relayout_${name}_first_p99_us" "$rel")" \
    "$(get "relayout_${name}_resize_median_us" "$rel")" \
    "$(get "relayout_${name}_resize_p99_us" "$rel")" \
    "$(get "relayout_${name}_paras_median" "$rel")"
done
nfail=$(grep -c '^ptytime: \(timed\|the program\)' "$out/reader-errors.txt" || true)
echo
echo "sessions that failed: $nfail (details: $out/reader-errors.txt);" \
  "raw figures: $out/reader-*.txt"
