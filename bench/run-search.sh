#!/bin/bash
# The [search] benchmark: builds lectern in Release (build-bench/), makes the
# 100 MB and 1 GB inputs (bench/make-inputs.sh) and the 1 GB file with a
# planted last paragraph ("The last word is zqxwunique."), then
# - on 100 MB and 1 GB, ROUNDS rounds (default 7), warm cache, each command
#   of a case in turn, medians and lectern/other ratios:
#     lectern --search OBOR --count      vs grep -c OBOR, rg -c OBOR
#     lectern --search sco --count       vs grep -ci sco, rg -ci sco
#     lectern --search "Russia's" --count vs grep -ci "Russia's",
#       rg -ci "Russia's" and grep -ci "Russia['’]s" (the text spells it
#       with ’, which lectern's ' matches, so the first two find nothing)
#   with hyperfine, the same commands again through it (HYPERFINE=0 skips);
#   every command's stdout goes to a regular file, never /dev/null (GNU grep
#   stops at the first match when its output is /dev/null);
# - the interactive figure: on an 80x24 pty (bench/ptytime), lectern and
#   less on the planted 1 GB file, PLANT_ROUNDS rounds (default 3; less
#   takes about 40 s a round) alternately: the first screen, then
#   `/zqxwunique` Enter, timed from the keys until "The last word is" is on
#   the screen; medians and the ratio.
# All commands run with LC_ALL=C.UTF-8 (grep -i folds Unicode as lectern does).
# Environment: ROUNDS, PLANT_ROUNDS, HYPERFINE, LECTERN_BENCH_BUILD (build
# dir), LECTERN_BENCH_OUT (inputs and raw results).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${LECTERN_BENCH_BUILD:-$top/build-bench}
out=${LECTERN_BENCH_OUT:-$top/bench/out}
rounds=${ROUNDS:-7}
plant_rounds=${PLANT_ROUNDS:-3}
use_hyperfine=${HYPERFINE:-1}
first_text="China Policy Institute: Analysis"
plant_text="The last word is"
export LC_ALL=C.UTF-8

apt_install() { # apt_install PACKAGE
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-search: installing $1" >&2
    apt-get install -y -qq "$1" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 &&
        apt-get install -y -qq "$1" >/dev/null 2>&1; } || true
  fi
}
need_pkg() { # need_pkg COMMAND PACKAGE: install PACKAGE if COMMAND is missing
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}
need_pkg rg ripgrep
need_pkg hyperfine hyperfine
need_pkg less less
pkg-config --exists vterm 2>/dev/null || apt_install libvterm-dev
for c in grep rg less; do
  command -v "$c" >/dev/null 2>&1 || { echo "run-search: no $c" >&2; exit 1; }
done

echo "run-search: building Release in $build" >&2
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target lectern ptytime -j"$(nproc)" >/dev/null
lectern=$build/lectern
ptytime=$build/bench/ptytime
[ -x "$ptytime" ] || { echo "run-search: ptytime not built (libvterm?)" >&2; exit 1; }
"$top/bench/make-inputs.sh" "$out" >&2
less_bin=$(command -v less)
less_version=$("$less_bin" --version | sed -n '1s/^less \([0-9]*\).*/\1/p')

# the planted file: the 1 GB input and a last paragraph (31 bytes more)
big=$out/lectern-1G.txt
planted=$out/lectern-1G-planted.txt
plant_tail=$'\n\nThe last word is zqxwunique.\n'
want=$(($(wc -c <"$big") + ${#plant_tail}))
if [ ! -f "$planted" ] || [ "$(wc -c <"$planted")" -ne "$want" ]; then
  echo "run-search: making $planted" >&2
  { cat "$big"; printf '%s' "$plant_tail"; } >"$planted.tmp.$$"
  mv "$planted.tmp.$$" "$planted"
fi

median() { # median of the numbers on stdin (blank lines ignored)
  { grep -v '^$' || true; } | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
    else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { # ratio A B, two decimals, "-" when either is missing
  awk -v a="$1" -v b="$2" 'BEGIN {
    if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) print "-";
    else printf "%.2f", a / b }'
}
fmt() { # fmt VALUE: one decimal, or "-"
  awk -v v="$1" 'BEGIN { if (v == "-" || v == "") print "-"; else printf "%.1f", v }'
}

# The commands, by name: "CASE.TOOL". Each case's first command is lectern's.
cases=(OBOR sco russias)
declare -A tools=(
  [OBOR]="lectern grep rg"
  [sco]="lectern grep rg"
  [russias]="lectern grep rg grepq"
)
declare -A label=(
  [OBOR.lectern]="lectern --search OBOR --count"
  [OBOR.grep]="grep -c OBOR"
  [OBOR.rg]="rg -c OBOR"
  [sco.lectern]="lectern --search sco --count"
  [sco.grep]="grep -ci sco"
  [sco.rg]="rg -ci sco"
  [russias.lectern]="lectern --search \"Russia's\" --count"
  [russias.grep]="grep -ci \"Russia's\""
  [russias.rg]="rg -ci \"Russia's\""
  [russias.grepq]="grep -ci \"Russia['’]s\""
)
run_cmd() { # run_cmd CASE.TOOL FILE: the command (stdout where the caller says)
  case $1 in
  OBOR.lectern) "$lectern" --search OBOR --count "$2" ;;
  OBOR.grep) grep -c OBOR "$2" ;;
  OBOR.rg) rg -c OBOR "$2" ;;
  sco.lectern) "$lectern" --search sco --count "$2" ;;
  sco.grep) grep -ci sco "$2" ;;
  sco.rg) rg -ci sco "$2" ;;
  russias.lectern) "$lectern" --search "Russia's" --count "$2" ;;
  russias.grep) grep -ci "Russia's" "$2" ;;
  russias.rg) rg -ci "Russia's" "$2" ;;
  russias.grepq) grep -ci "Russia['’]s" "$2" ;;
  esac
}
hf_cmd() { # hf_cmd CASE.TOOL FILE: the command as one string for hyperfine -N
  local l=${label[$1]}
  l=${l/#lectern /$lectern }
  printf '%s %s' "$l" "$2"
}

stdout_file=$out/search-stdout.txt # a regular file, never /dev/null
errs=$out/search-errors.txt
: >"$errs"
# timed CASE.TOOL FILE: prints the microseconds the command took
timed() {
  local t0 t1
  t0=${EPOCHREALTIME/[.,]/}
  run_cmd "$1" "$2" >"$stdout_file" 2>>"$errs" || true
  t1=${EPOCHREALTIME/[.,]/}
  echo $((t1 - t0))
}

declare -A fig
for size in 100M 1G; do
  file=$out/lectern-$size.txt
  mb=$(awk -v b="$(wc -c <"$file")" 'BEGIN { printf "%.1f", b / 1e6 }')
  fig[$size.mb]=$mb
  echo "== $size: $file ($mb MB), $rounds rounds" >&2
  cat "$file" >/dev/null # warm the cache
  for c in "${cases[@]}"; do
    for t in ${tools[$c]}; do
      : >"$out/search-$size-$c-$t.txt"
      # one unmeasured run each, keeping what it printed (the count)
      run_cmd "$c.$t" "$file" >"$stdout_file" 2>>"$errs" || true
      fig[$size.$c.$t.out]=$(head -c 40 "$stdout_file" | tr -d '\n')
      [ -n "${fig[$size.$c.$t.out]}" ] || fig[$size.$c.$t.out]="(no output: none)"
    done
    for ((r = 0; r < rounds; r++)); do
      for t in ${tools[$c]}; do
        timed "$c.$t" "$file" >>"$out/search-$size-$c-$t.txt"
      done
    done
    for t in ${tools[$c]}; do
      fig[$size.$c.$t]=$(median <"$out/search-$size-$c-$t.txt")
    done

    if [ "$use_hyperfine" != 0 ] && command -v hyperfine >/dev/null 2>&1; then
      json=$out/search-hyperfine-$size-$c.json
      hcmds=()
      for t in ${tools[$c]}; do hcmds+=("$(hf_cmd "$c.$t" "$file")"); done
      if hyperfine -N --style none --warmup 1 --runs "$rounds" -i \
        --output "$out/search-hyperfine-stdout.txt" --export-json "$json" \
        "${hcmds[@]}" >/dev/null 2>>"$errs"; then
        read -ra tl <<<"${tools[$c]}"
        i=0
        while read -r m; do
          fig[$size.$c.${tl[$i]}.hf]=$(awk -v t="$m" 'BEGIN { print t * 1e6 }')
          i=$((i + 1))
        done < <(sed -n 's/^ *"median": *\([0-9.e+-]*\),*$/\1/p' "$json")
      else
        echo "run-search: hyperfine failed on $size $c" >&2
      fi
    fi
  done
done

# the planted hit, interactively
echo "== planted hit in 1G: lectern and less, $plant_rounds rounds" >&2
cat "$planted" >/dev/null
plant_session() { # plant_session RAW PROGRAM...: appends one session's figures
  local raw=$1 res
  shift
  if ! res=$("$ptytime" -s 80x24 -t 120 -f "$first_text" -n search \
    -k '/zqxwunique\r' -w "$plant_text" -- "$@" 2>>"$errs"); then
    echo "run-search: failed: $*" >&2
  fi
  printf '%s\n' "$res" >>"$raw"
}
for p in lectern less; do : >"$out/search-planted-$p.txt"; done
plant_session /dev/null "$lectern" "$planted" # unmeasured warm-up
for ((r = 0; r < plant_rounds; r++)); do
  plant_session "$out/search-planted-lectern.txt" "$lectern" "$planted"
  plant_session "$out/search-planted-less.txt" "$less_bin" "$planted"
done
for p in lectern less; do
  raw=$out/search-planted-$p.txt
  fig[plant.$p.first]=$(awk '$1 == "first_ms" { print $2 }' "$raw" | median)
  fig[plant.$p.search]=$(awk '$1 == "search_ms" { print $2 }' "$raw" | median)
  fig[plant.$p.n]=$(grep -c '^search_ms ' "$raw" || true)
done

# ---- the table ----
ms() { # ms MICROSECONDS: milliseconds, one decimal, or "-"
  awk -v v="$1" 'BEGIN { if (v == "-" || v == "") print "-"; else printf "%.1f", v / 1000 }'
}
echo
echo "== lectern --search --count vs grep $(grep --version | sed -n '1s/.* //p')" \
  "and ripgrep $(rg --version | sed -n '1s/^ripgrep \([^ ]*\).*/\1/p'):" \
  "$(nproc) cores, LC_ALL=$LC_ALL, warm cache,"
echo "   medians of $rounds alternating rounds (ms); ratio = lectern / other" \
  "(goal <= 1.00x); absolute times drift on shared machines, ratios less"
echo "   (output: lectern counts hits, grep -c and rg -c count matching lines;"
echo "   lectern --count runs on two threads, grep and rg read one file on one)"
for size in 100M 1G; do
  echo
  echo "-- $size (${fig[$size.mb]} MB)"
  printf '%-38s %10s %8s | %12s %10s | %s\n' command "median ms" ratio \
    "hyperfine ms" "hf ratio" "output"
  for c in "${cases[@]}"; do
    read -ra tl <<<"${tools[$c]}"
    lt=${fig[$size.$c.lectern]} lh=${fig[$size.$c.lectern.hf]:--}
    for t in "${tl[@]}"; do
      v=${fig[$size.$c.$t]} h=${fig[$size.$c.$t.hf]:--}
      if [ "$t" = lectern ]; then
        r='' hr=''
      else
        r=$(ratio "$lt" "$v") hr=$(ratio "$lh" "$h")
        [ "$r" = - ] || r=${r}x
        [ "$hr" = - ] || hr=${hr}x
      fi
      l=${label[$c.$t]} # padded by characters, not bytes (’)
      printf '%s%*s %10s %8s | %12s %10s | %s\n' "$l" $((38 - ${#l})) '' "$(ms "$v")" \
        "$r" "$(ms "$h")" "$hr" "${fig[$size.$c.$t.out]}"
    done
  done
done
echo
echo "== planted hit on the last line of 1 GB ($planted): 80x24 pty, medians of" \
  "$plant_rounds alternating rounds; ms from typing /zqxwunique Enter until" \
  "\"$plant_text\" is on screen"
printf '%-10s %5s | %14s %18s | %s\n' program n "first screen" "search to hit" total
for p in lectern less; do
  f=${fig[plant.$p.first]} s=${fig[plant.$p.search]}
  tot=$(awk -v a="$f" -v b="$s" 'BEGIN {
    if (a == "-" || b == "-") print "-"; else printf "%.1f", a + b }')
  name=$p
  [ $p = less ] && name="less $less_version"
  printf '%-10s %5s | %14s %18s | %s\n' "$name" "${fig[plant.$p.n]}" "$(fmt "$f")" \
    "$(fmt "$s")" "$tot"
done
echo "ratio lectern/less, search to hit: $(ratio "${fig[plant.lectern.search]}" \
  "${fig[plant.less.search]}")x"
nfail=$(grep -c '^ptytime: \(timed\|the program\)' "$errs" || true)
echo
echo "sessions that failed: $nfail (details: $errs); raw figures: $out/search-*.txt"
