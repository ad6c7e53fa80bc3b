#!/bin/sh
# Makes the benchmark inputs in DIR (default bench/out/, git-ignored):
# lectern-100M.txt and lectern-1G.txt, the bundled collection concatenated
# (each copy followed by a blank line) to at least 100 MB and 1 GB.
# Existing files are kept. Never commit them.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/bench/out}
src=$top/data/sino-russian-relations.txt
mkdir -p "$dir"

# make_input NAME BYTES: copies of a ~1 MB block until the file holds BYTES.
make_input() {
  out=$dir/$1
  want=$2
  if [ -f "$out" ] && [ "$(wc -c <"$out")" -ge "$want" ]; then
    echo "make-inputs: $out exists"
    return
  fi
  avail=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
  if [ "$avail" -lt $((want / 1024 + 200 * 1024)) ]; then
    echo "make-inputs: not enough free space in $dir for $1" >&2
    exit 1
  fi
  block=$dir/.block.$$
  : >"$block"
  i=0
  while [ $i -lt 22 ]; do # 22 copies of 45 KB: about 1 MB
    cat "$src" >>"$block"
    printf '\n\n' >>"$block"
    i=$((i + 1))
  done
  blocksize=$(wc -c <"$block")
  n=$(((want + blocksize - 1) / blocksize))
  tmp=$out.tmp.$$
  : >"$tmp"
  i=0
  while [ $i -lt $n ]; do
    cat "$block" >>"$tmp"
    i=$((i + 1))
  done
  rm -f "$block"
  mv "$tmp" "$out"
  echo "make-inputs: $out: $(wc -c <"$out") bytes"
}

make_input lectern-100M.txt 100000000
make_input lectern-1G.txt 1000000000
