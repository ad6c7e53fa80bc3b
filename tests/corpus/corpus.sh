#!/bin/sh
# sh corpus.sh LECTERN DEFAULT-CORPUS: score LECTERN's structure on the
# real collections of the corpus (its own `run`), asking for a mean of
# 0.95 and at least 0.85 on each. Exit 77 (skipped) when there is none.
set -u
dir=${LECTERN_CORPUS:-$2}
if [ ! -x "$dir/run" ]; then
	echo "skipped: no corpus at $dir (set LECTERN_CORPUS to score one)"
	exit 77
fi
command -v python3 >/dev/null 2>&1 || {
	echo "skipped: the corpus's scorer needs python3"
	exit 77
}
exec "$dir/run" "$1" 0.95 0.85
